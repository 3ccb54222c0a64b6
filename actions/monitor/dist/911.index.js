export const id = 911;
export const ids = [911];
export const modules = {

/***/ 1911:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GITHUB_API_VERSION: () => (/* binding */ GITHUB_API_VERSION),
/* harmony export */   createRestGitHubApi: () => (/* binding */ createRestGitHubApi)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6039);
/* harmony import */ var _github_api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9188);


const GITHUB_API_VERSION = "2022-11-28";
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const PAGE_SIZE = 100;
const MAX_PAGES = 100;
function createRestGitHubApi(client, options = {}) {
    const retrying = withRetries(client, options);
    const call = (route, params = {}) => request(retrying, route, params);
    const all = (route, params) => paginate(retrying, route, params);
    return {
        async getRepo({ owner, repo }) {
            return toRepoInfo((await call("GET /repos/{owner}/{repo}", { owner, repo })).data);
        },
        async getPullRequest({ owner, repo }, pull_number) {
            return toPullRequest((await call("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number })).data);
        },
        async listIssueComments({ owner, repo }, issue_number) {
            return (await all("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number })).map(toComment);
        },
        async createIssueComment({ owner, repo }, issue_number, body) {
            return toComment((await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number, body })).data);
        },
        async updateIssueComment({ owner, repo }, comment_id, body) {
            return toComment((await call("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner, repo, comment_id, body })).data);
        },
        async listIssues({ owner, repo }, query = {}) {
            const params = { owner, repo, state: query.state ?? "open" };
            if (query.labels?.length)
                params.labels = query.labels.join(",");
            return (await all("GET /repos/{owner}/{repo}/issues", params)).map(toIssue).filter((issue) => !issue.isPullRequest);
        },
        async createIssue({ owner, repo }, issue) {
            return toIssue((await call("POST /repos/{owner}/{repo}/issues", { owner, repo, ...issue })).data);
        },
        async updateIssue({ owner, repo }, issue_number, changes) {
            return toIssue((await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number, ...changes })).data);
        },
        async createPullRequest({ owner, repo }, pull) {
            const { data } = await call("POST /repos/{owner}/{repo}/pulls", { owner, repo, ...pull });
            return { ...toPullRequest(data), htmlUrl: String(asObject(data).html_url) };
        },
        async dispatchWorkflow({ owner, repo }, workflow_id, ref, inputs = {}) {
            await call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner, repo, workflow_id, ref, inputs });
        },
    };
}
/** Repeats idempotent calls (GET, PATCH) on 429/5xx and network errors, with exponential backoff. */
function withRetries(client, { retries = 2, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }) {
    return {
        async request(route, params) {
            const idempotent = /^(GET|PATCH) /.test(route);
            for (let attempt = 0;; attempt += 1) {
                try {
                    return await client.request(route, params);
                }
                catch (error) {
                    const status = error.status;
                    const transient = typeof status !== "number" || RETRY_STATUSES.has(status);
                    if (!idempotent || !transient || attempt >= retries)
                        throw error;
                    await sleep(500 * 2 ** attempt);
                }
            }
        },
    };
}
async function request(client, route, params) {
    try {
        return await client.request(route, { ...params, headers: { "x-github-api-version": GITHUB_API_VERSION } });
    }
    catch (error) {
        throw toRemoteError(route, error);
    }
}
/** Follows `Link: rel="next"`; a client that hides headers is paged until a short page. */
async function paginate(client, route, params) {
    const items = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
        const response = await request(client, route, { ...params, per_page: PAGE_SIZE, page });
        const data = Array.isArray(response.data) ? response.data : [];
        items.push(...data);
        const link = response.headers?.link;
        const hasNext = typeof link === "string" ? /rel="next"/.test(link) : data.length === PAGE_SIZE;
        if (!hasNext)
            return items;
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`GitHub API ${route}: more than ${MAX_PAGES} pages of ${PAGE_SIZE}; refusing to read further`, { field: route });
}
function toRemoteError(route, error) {
    const { status, response, message } = (error ?? {});
    if (typeof status === "number" && status >= 400) {
        const apiMessage = typeof response?.data?.message === "string" ? response.data.message : String(message ?? "error");
        return new _github_api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubRequestError */ .v(route, status, apiMessage);
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`GitHub API ${route} could not be reached: ${String(message ?? error)}`, { field: route });
}
function asObject(value) {
    return value && typeof value === "object" ? value : {};
}
function toRepoInfo(value) {
    const data = asObject(value);
    return { fullName: String(data.full_name), defaultBranch: String(data.default_branch), private: data.private === true, fork: data.fork === true };
}
function toPullRequest(value) {
    const data = asObject(value);
    const head = asObject(data.head);
    const headRepo = head.repo ? asObject(head.repo) : undefined;
    return {
        number: Number(data.number),
        state: String(data.state),
        headSha: String(head.sha),
        headRef: String(head.ref),
        baseRef: String(asObject(data.base).ref),
        headRepoFullName: headRepo ? String(headRepo.full_name) : undefined,
        headRepoFork: headRepo?.fork === true,
    };
}
function toComment(value) {
    const data = asObject(value);
    const user = data.user ? asObject(data.user) : undefined;
    return { id: Number(data.id), body: String(data.body ?? ""), htmlUrl: String(data.html_url ?? ""), author: user ? String(user.login) : undefined };
}
function toIssue(value) {
    const data = asObject(value);
    const labels = Array.isArray(data.labels) ? data.labels.map((label) => (typeof label === "string" ? label : String(asObject(label).name))) : [];
    return {
        number: Number(data.number),
        title: String(data.title ?? ""),
        body: String(data.body ?? ""),
        state: data.state === "closed" ? "closed" : "open",
        labels,
        htmlUrl: String(data.html_url ?? ""),
        isPullRequest: data.pull_request !== undefined && data.pull_request !== null,
    };
}


/***/ })

};
