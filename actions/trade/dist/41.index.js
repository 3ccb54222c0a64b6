export const id = 41;
export const ids = [41];
export const modules = {

/***/ 8041:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadModel: () => (/* binding */ loadModel)
});

// EXTERNAL MODULE: ./.stockops/build/actions/src/errors.js
var errors = __webpack_require__(6039);
// EXTERNAL MODULE: ./.stockops/build/actions/src/logger/logger.js
var logger_logger = __webpack_require__(3847);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./.stockops/build/actions/src/models/model-files.js
var model_files = __webpack_require__(6842);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/naive-model.js


const NAIVE_FILE = "naive.json";
const naiveFileSchema = schemas/* strictObject */.rej({ kind: schemas/* literal */.euz("naive") });
/** Persistence: the predicted return is 0, so tomorrow's price is today's. */
class NaiveModel {
    training;
    kind = "naive";
    firstPredictableRow = 0;
    constructor(training) {
        this.training = training;
    }
    static train(samples) {
        return new NaiveModel({ backend: "none", epochs: 0, samples, elapsedMs: 0, samplesPerSecond: 0 });
    }
    static load(files) {
        (0,model_files/* readJsonFile */.JE)(files, NAIVE_FILE, naiveFileSchema, '{"kind": "naive"}');
        return NaiveModel.train(0);
    }
    async predict(_scaled, rows) {
        return new Float64Array(rows.length);
    }
    async serialize() {
        return new Map([[NAIVE_FILE, (0,model_files/* encodeJson */.Pr)({ kind: "naive" })]]);
    }
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/ridge-model.js



const RIDGE_FILE = "ridge.json";
const ridgeFileSchema = schemas/* strictObject */.rej({
    kind: schemas/* literal */.euz("ridge"),
    alpha: schemas/* number */.aig().min(0),
    intercept: schemas/* number */.aig(),
    coefficients: schemas/* array */.YOg(schemas/* number */.aig()).min(1),
    feature_count: schemas/* number */.aig().int().positive(),
})
    .refine((file) => file.coefficients.length === file.feature_count, {
    message: "coefficients must hold one number per feature (feature_count)",
    path: ["coefficients"],
});
const RIDGE_SHAPE = '{"kind": "ridge", "alpha", "intercept", "coefficients": [one per feature], "feature_count"}';
/** Linear model fitted in closed form: (XᶜᵀXᶜ + αI)β = Xᶜᵀyᶜ on centered data, so the intercept is not penalized. */
class RidgeModel {
    alpha;
    intercept;
    coefficients;
    training;
    kind = "ridge";
    firstPredictableRow = 0;
    constructor(alpha, intercept, coefficients, training) {
        this.alpha = alpha;
        this.intercept = intercept;
        this.coefficients = coefficients;
        this.training = training;
    }
    static train(scaled, target, train, alpha, logger) {
        const started = performance.now();
        const fit = fitRidge(scaled, target, train, alpha, logger);
        const elapsedMs = performance.now() - started;
        return new RidgeModel(alpha, fit.intercept, fit.coefficients, {
            backend: "typescript",
            epochs: 1,
            samples: fit.samples,
            elapsedMs,
            samplesPerSecond: elapsedMs > 0 ? fit.samples / (elapsedMs / 1000) : 0,
        });
    }
    static load(files) {
        const file = (0,model_files/* readJsonFile */.JE)(files, RIDGE_FILE, ridgeFileSchema, RIDGE_SHAPE);
        return new RidgeModel(file.alpha, file.intercept, Float64Array.from(file.coefficients), {
            backend: "typescript",
            epochs: 0,
            samples: 0,
            elapsedMs: 0,
            samplesPerSecond: 0,
        });
    }
    async predict(scaled, rows) {
        const out = new Float64Array(rows.length);
        const width = this.coefficients.length;
        for (let k = 0; k < rows.length; k++) {
            const x = scaled[rows[k]];
            if (!x) {
                out[k] = Number.NaN;
                continue;
            }
            if (x.length !== width)
                throw new errors/* DataError */.fL(`ridge model expects ${width} features per row, got ${x.length}`, { field: "features" });
            let sum = this.intercept;
            for (let j = 0; j < width; j++)
                sum += this.coefficients[j] * x[j];
            out[k] = sum;
        }
        return out;
    }
    async serialize() {
        const file = {
            kind: "ridge",
            alpha: this.alpha,
            intercept: this.intercept,
            coefficients: Array.from(this.coefficients),
            feature_count: this.coefficients.length,
        };
        return new Map([[RIDGE_FILE, (0,model_files/* encodeJson */.Pr)(file)]]);
    }
}
function fitRidge(scaled, target, range, alpha, logger) {
    const { columns, y } = usableColumns(scaled, target, range);
    const samples = y.length;
    if (samples === 0)
        throw new errors/* DataError */.fL("no training row has both finite features and a known target", { field: "split.train" });
    const p = columns.length;
    const xMean = Float64Array.from(columns, centerInPlace);
    const yMean = centerInPlace(y);
    const gram = new Float64Array(p * p);
    const rhs = new Float64Array(p);
    for (let a = 0; a < p; a++) {
        rhs[a] = dot(columns[a], y);
        for (let b = a; b < p; b++)
            gram[a * p + b] = gram[b * p + a] = dot(columns[a], columns[b]);
        gram[a * p + a] += alpha;
    }
    const coefficients = solveSymmetric(gram, rhs, p, alpha, logger);
    let intercept = yMean;
    for (let a = 0; a < p; a++)
        intercept -= coefficients[a] * xMean[a];
    return { intercept, coefficients, samples };
}
/**
 * Rows with a known target and finite features, copied column-major: every Gram entry then is a
 * contiguous dot product, several times faster than updating the matrix row by row.
 */
function usableColumns(scaled, target, range) {
    const end = Math.min(range.end, scaled.length);
    const capacity = Math.max(0, end - range.start);
    const width = scaled[range.start]?.length ?? 0;
    const columns = Array.from({ length: width }, () => new Float64Array(capacity));
    const y = new Float64Array(capacity);
    let count = 0;
    for (let i = range.start; i < end; i++) {
        const x = scaled[i];
        if (x.length !== width)
            throw new errors/* DataError */.fL(`row ${i} has ${x.length} features, expected ${width}`, { field: "features" });
        const value = target[i];
        // NaN and ±Infinity times 0 are NaN, so one sum tells whether the whole row is finite.
        let poison = value * 0;
        for (let a = 0; a < width; a++) {
            const v = x[a];
            columns[a][count] = v;
            poison += v * 0;
        }
        if (poison !== 0)
            continue;
        y[count++] = value;
    }
    return { columns: columns.map((column) => column.subarray(0, count)), y: y.subarray(0, count) };
}
/** Subtracts the mean and returns it. */
function centerInPlace(values) {
    let sum = 0;
    for (let k = 0; k < values.length; k++)
        sum += values[k];
    const mean = sum / values.length;
    for (let k = 0; k < values.length; k++)
        values[k] -= mean;
    return mean;
}
function dot(u, v) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < u.length; k += 4) {
        s0 += u[k] * v[k];
        s1 += u[k + 1] * v[k + 1];
        s2 += u[k + 2] * v[k + 2];
        s3 += u[k + 3] * v[k + 3];
    }
    for (; k < u.length; k++)
        s0 += u[k] * v[k];
    return s0 + s1 + (s2 + s3);
}
/** Cholesky solve; with α = 0 and collinear features (one-hot days) a tiny jitter makes the system solvable. */
function solveSymmetric(matrix, rhs, p, alpha, logger) {
    const factor = cholesky(matrix, p);
    if (factor)
        return choleskySolve(factor, rhs, p);
    if (alpha > 0)
        throw new errors/* DataError */.fL("ridge normal equations are not positive definite (features contain NaN or Infinity?)", { field: "model.alpha" });
    let trace = 0;
    for (let a = 0; a < p; a++)
        trace += matrix[a * p + a];
    const jitter = Math.max((trace / p) * 1e-10, Number.MIN_VALUE);
    const regularized = Float64Array.from(matrix);
    for (let a = 0; a < p; a++)
        regularized[a * p + a] += jitter;
    const retry = cholesky(regularized, p);
    if (!retry)
        throw new errors/* DataError */.fL("ridge normal equations are singular; set model.alpha above 0", { field: "model.alpha" });
    logger?.warn(`ridge: features are collinear with alpha = 0; added ${jitter.toExponential(2)} to the diagonal`);
    return choleskySolve(retry, rhs, p);
}
/** Lower-triangular L with LLᵀ = matrix, or undefined when the matrix is not positive definite. */
function cholesky(matrix, p) {
    const lower = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
        for (let j = 0; j <= i; j++) {
            let sum = matrix[i * p + j];
            for (let k = 0; k < j; k++)
                sum -= lower[i * p + k] * lower[j * p + k];
            if (i === j) {
                if (!(sum > 0))
                    return undefined;
                lower[i * p + i] = Math.sqrt(sum);
            }
            else {
                lower[i * p + j] = sum / lower[j * p + j];
            }
        }
    }
    return lower;
}
function choleskySolve(lower, rhs, p) {
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
        let sum = rhs[i];
        for (let k = 0; k < i; k++)
            sum -= lower[i * p + k] * z[k];
        z[i] = sum / lower[i * p + i];
    }
    const beta = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
        let sum = z[i];
        for (let k = i + 1; k < p; k++)
            sum -= lower[k * p + i] * beta[k];
        beta[i] = sum / lower[i * p + i];
    }
    return beta;
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/load-model.js




const NEURAL_META = "model-meta.json";
/** Rebuilds a model from the files `serialize()` wrote; which files are present says which kind it is. */
async function loadModel(files, logger = logger_logger/* silentLogger */.qq) {
    if (files.has(RIDGE_FILE))
        return RidgeModel.load(files);
    if (files.has(NAIVE_FILE))
        return NaiveModel.load(files);
    if (files.has(NEURAL_META)) {
        const { NeuralModel } = await __webpack_require__.e(/* import() */ 678).then(__webpack_require__.bind(__webpack_require__, 3678));
        return NeuralModel.load(files, logger);
    }
    const present = [...files.keys()].join(", ") || "none";
    throw new errors/* IntegrityError */.cs(`no model file found (present: ${present}); expected ${RIDGE_FILE}, ${NAIVE_FILE} or ${NEURAL_META} with model.json and weights.bin`, {
        file: NEURAL_META,
    });
}


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gz: () => (/* binding */ requireFile),
/* harmony export */   JE: () => (/* binding */ readJsonFile),
/* harmony export */   Pr: () => (/* binding */ encodeJson)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6039);

function encodeJson(value) {
    return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}
function requireFile(files, name, expected) {
    const bytes = files.get(name);
    if (!bytes)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .IntegrityError */ .cs(`missing model file; expected ${expected}`, { file: name });
    return bytes;
}
/** Parses and validates one JSON model file; a bad file names itself and the field that is wrong. */
function readJsonFile(files, name, schema, expected) {
    const bytes = requireFile(files, name, expected);
    let value;
    try {
        value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DataError */ .fL(`not valid JSON (${error.message}); expected ${expected}`, { file: name });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join(".") || undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DataError */ .fL(`${issue?.message ?? "invalid content"}; expected ${expected}`, { file: name, field });
    }
    return parsed.data;
}


/***/ })

};
