export const id = 178;
export const ids = [178];
export const modules = {

/***/ 4178:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FOLLOW_RECORD: () => (/* binding */ FOLLOW_RECORD),
  readFollowedFrom: () => (/* binding */ readFollowedFrom),
  readOptionalFile: () => (/* binding */ readOptionalFile),
  writeFollowRecord: () => (/* binding */ writeFollowRecord)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./node_modules/.cache/stockops-actions/src/artifacts/content-hash.js

function md5Hex(data) {
    return (0,external_node_crypto_.createHash)("md5").update(data).digest("hex");
}
/** JSON with object keys sorted at every depth, so equal values always hash the same. */
function canonicalJson(value) {
    return JSON.stringify(value, (_key, inner) => inner && typeof inner === "object" && !Array.isArray(inner) && !ArrayBuffer.isView(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner);
}
function hashValue(value) {
    return md5Hex(canonicalJson(value));
}

// EXTERNAL MODULE: ./node_modules/.cache/stockops-actions/src/artifacts/write-atomic.js
var write_atomic = __webpack_require__(8518);
;// CONCATENATED MODULE: ./node_modules/.cache/stockops-actions/src/dvc/follow/follow-record.js




/** Beside DVC's own temp files: ignored by git, so a model branch never commits it. */
const FOLLOW_RECORD = ".dvc/tmp/stockops-follow.json";
async function writeFollowRecord(repoRoot, from, dvcBytes) {
    const record = { branch: from.branch, commit: from.commit, dvc_md5: md5Hex(dvcBytes) };
    await (0,write_atomic/* writeJsonAtomic */.q)((0,external_node_path_.join)(repoRoot, FOLLOW_RECORD), record);
}
/**
 * The branch and commit whose data.dvc `<repoRoot>/<dvcFile>` is, or null when it is the checkout's own
 * (no follow record, or the file changed since it was followed).
 */
async function readFollowedFrom(repoRoot, dvcFile = "data.dvc") {
    const [recordText, dvcBytes] = await Promise.all([readOptionalFile((0,external_node_path_.join)(repoRoot, FOLLOW_RECORD)), readOptionalFile((0,external_node_path_.join)(repoRoot, dvcFile))]);
    if (recordText === undefined || dvcBytes === undefined)
        return null;
    let record;
    try {
        record = JSON.parse(recordText.toString("utf8"));
    }
    catch {
        return null;
    }
    if (typeof record.branch !== "string" || typeof record.commit !== "string" || record.dvc_md5 !== md5Hex(dvcBytes))
        return null;
    return { branch: record.branch, commit: record.commit };
}
async function readOptionalFile(path) {
    try {
        return await (0,promises_.readFile)(path);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw error;
    }
}


/***/ })

};
