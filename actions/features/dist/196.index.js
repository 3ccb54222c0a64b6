export const id = 196;
export const ids = [196];
export const modules = {

/***/ 9815:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FOLLOW_RECORD: () => (/* binding */ FOLLOW_RECORD),
/* harmony export */   readFollowedFrom: () => (/* binding */ readFollowedFrom),
/* harmony export */   readOptionalFile: () => (/* binding */ readOptionalFile),
/* harmony export */   writeFollowRecord: () => (/* binding */ writeFollowRecord)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _artifacts_content_hash_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7332);
/* harmony import */ var _artifacts_write_atomic_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1295);




/** Beside DVC's own temp files: ignored by git, so a model branch never commits it. */
const FOLLOW_RECORD = ".dvc/tmp/stockops-follow.json";
async function writeFollowRecord(repoRoot, from, dvcBytes) {
    const record = { branch: from.branch, commit: from.commit, dvc_md5: (0,_artifacts_content_hash_js__WEBPACK_IMPORTED_MODULE_2__/* .md5Hex */ .CC)(dvcBytes) };
    await (0,_artifacts_write_atomic_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .q)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(repoRoot, FOLLOW_RECORD), record);
}
/**
 * The branch and commit whose data.dvc `<repoRoot>/<dvcFile>` is, or null when it is the checkout's own
 * (no follow record, or the file changed since it was followed).
 */
async function readFollowedFrom(repoRoot, dvcFile = "data.dvc") {
    const [recordText, dvcBytes] = await Promise.all([readOptionalFile((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(repoRoot, FOLLOW_RECORD)), readOptionalFile((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(repoRoot, dvcFile))]);
    if (recordText === undefined || dvcBytes === undefined)
        return null;
    let record;
    try {
        record = JSON.parse(recordText.toString("utf8"));
    }
    catch {
        return null;
    }
    if (typeof record.branch !== "string" || typeof record.commit !== "string" || record.dvc_md5 !== (0,_artifacts_content_hash_js__WEBPACK_IMPORTED_MODULE_2__/* .md5Hex */ .CC)(dvcBytes))
        return null;
    return { branch: record.branch, commit: record.commit };
}
async function readOptionalFile(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw error;
    }
}


/***/ })

};
