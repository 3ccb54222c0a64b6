export const id = 21;
export const ids = [21];
export const modules = {

/***/ 9021:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_GITHUB_API_URL: () => (/* binding */ DEFAULT_GITHUB_API_URL),
/* harmony export */   createOctokitClient: () => (/* binding */ createOctokitClient),
/* harmony export */   octokitOptionsFromEnv: () => (/* binding */ octokitOptionsFromEnv)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6039);

const DEFAULT_GITHUB_API_URL = "https://api.github.com";
/** For the CLI and the local runner: the same client shape the actions get from `@actions/github`. */
async function createOctokitClient({ token, baseUrl = DEFAULT_GITHUB_API_URL }) {
    if (!token)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb("a GitHub token is needed (set GITHUB_TOKEN)", { field: "GITHUB_TOKEN" });
    const { Octokit } = await __webpack_require__.e(/* import() */ 194).then(__webpack_require__.bind(__webpack_require__, 5194));
    return new Octokit({ auth: token, baseUrl: baseUrl.replace(/\/+$/, "") });
}
/** Reads `GITHUB_TOKEN` and `GITHUB_API_URL` the way a runner sets them. */
function octokitOptionsFromEnv(env) {
    return { token: env.GITHUB_TOKEN ?? "", baseUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL };
}


/***/ })

};
