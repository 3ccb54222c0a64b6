export const id = 538;
export const ids = [538];
export const modules = {

/***/ 8538:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NeuralModel: () => (/* binding */ NeuralModel)
});

// UNUSED EXPORTS: META_FILE

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./.stockops/build/actions/src/errors.js
var errors = __webpack_require__(6039);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/logger/logger.js
const silentLogger = {
    info: () => { },
    warn: () => { },
    progress: () => { },
};
function consoleLogger(stream = process.stderr) {
    return {
        info: (message) => stream.write(`${message}\n`),
        warn: (message) => stream.write(`warning: ${message}\n`),
        progress: (message) => stream.write(`  ${message}\n`),
    };
}
/** Keeps every line, for tests and for job summaries. */
function memoryLogger() {
    const lines = [];
    return {
        lines,
        info: (message) => lines.push(message),
        warn: (message) => lines.push(`warning: ${message}`),
        progress: (message) => lines.push(message),
    };
}

// EXTERNAL MODULE: ./.stockops/build/actions/src/config/model-config.js
var model_config = __webpack_require__(2503);
// EXTERNAL MODULE: ./.stockops/build/actions/src/models/model-files.js
var model_files = __webpack_require__(6842);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/tf-backend.js




const BACKEND_NAMES = ["tensorflow", "wasm", "cpu"];
const WASM_BINARIES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"];
// A variable specifier keeps tsc from resolving a package that is only optionally installed; webpackIgnore
// (at the import) keeps an ncc bundle from replacing it with a stub, so a bundle inside a checkout with
// tfjs-node installed still finds it at run time.
const TFJS_NODE = "@tensorflow/tfjs-node";
let tfjsPromise;
let nodePromise;
const registered = new Map();
let announced;
/**
 * Loads TensorFlow.js once per process: tfjs-node when it is installed, else the WebAssembly backend,
 * else plain JS. Every later call returns the same library with the same (or the preferred) backend active.
 */
async function loadTensorflow(logger, options = {}) {
    const order = options.prefer ? [options.prefer] : [...BACKEND_NAMES];
    for (const backend of order) {
        const tf = await activate(backend, logger);
        if (tf) {
            if (announced !== backend) {
                logger.info(`TensorFlow.js backend: ${backend}`);
                announced = backend;
            }
            return { tf, backend };
        }
    }
    throw new Error(options.prefer ? `TensorFlow.js backend '${options.prefer}' could not be loaded here` : "no TensorFlow.js backend could be loaded");
}
/** The backends that load in this process, fastest first (for the bench); leaves the default one active. */
async function availableBackends(logger) {
    const available = [];
    for (const backend of BACKEND_NAMES) {
        if (await activate(backend, logger))
            available.push(backend);
    }
    if (available.length > 0)
        await loadTensorflow(logger);
    return available;
}
async function activate(backend, logger) {
    const tf = backend === "tensorflow" ? await importTfjsNode(logger) : await importTfjs();
    if (!tf)
        return undefined;
    if (!registered.has(backend))
        registered.set(backend, register(tf, backend, logger));
    if (!(await registered.get(backend)))
        return undefined;
    if (tf.getBackend() !== backend && !(await tf.setBackend(backend)))
        return undefined;
    await tf.ready();
    return tf;
}
async function register(tf, backend, logger) {
    if (backend !== "wasm")
        return true;
    try {
        const wasm = interop(await Promise.all(/* import() */[__webpack_require__.e(484), __webpack_require__.e(744)]).then(__webpack_require__.t.bind(__webpack_require__, 6744, 19)));
        const folder = wasmFolder();
        if (!folder)
            throw new Error(`${WASM_BINARIES.join(" and ")} not found beside the package or the bundle`);
        wasm.setWasmPaths(`${folder}/`);
        const restore = provideDirname(folder);
        try {
            return await tf.setBackend("wasm");
        }
        finally {
            restore();
        }
    }
    catch (error) {
        logger.warn(`WebAssembly backend unavailable (${error.message}); falling back`);
        return false;
    }
}
async function importTfjs() {
    tfjsPromise ??= Promise.all(/* import() */[__webpack_require__.e(484), __webpack_require__.e(368)]).then(__webpack_require__.t.bind(__webpack_require__, 9368, 19)).then((module) => quiet(interop(module)));
    return tfjsPromise;
}
/** PROD silences tfjs's console advice ("install our node backend"), which would land in CLI output. */
function quiet(tf) {
    tf.env().set("PROD", true);
    return tf;
}
async function importTfjsNode(logger) {
    nodePromise ??= import(/* webpackIgnore: true */ TFJS_NODE).then((module) => {
        const tf = quiet(interop(module));
        tfjsPromise ??= Promise.resolve(tf);
        return tf;
    }, (error) => {
        logger.info(`@tensorflow/tfjs-node not loaded (${firstLine(error.message)}); trying WebAssembly`);
        return undefined;
    });
    return nodePromise;
}
/** The wasm binaries live in the package's dist folder, or beside an ncc bundle that copied them. */
function wasmFolder() {
    const candidates = [];
    try {
        const resolved = (0,external_node_module_.createRequire)(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
        if (typeof resolved === "string")
            candidates.push((0,external_node_path_.dirname)(resolved));
    }
    catch {
        // Not resolvable from here: a bundle without node_modules; look beside the bundle.
    }
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    candidates.push(here, (0,external_node_path_.join)(here, "wasm"));
    return candidates.find((folder) => WASM_BINARIES.every((name) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(folder, name))));
}
/**
 * The Emscripten loader reads `__dirname`, which an ESM bundle (ncc) does not define; the value is unused
 * because setWasmPaths already says where the binaries are, so a global stand-in is enough while it starts.
 */
function provideDirname(folder) {
    const scope = globalThis;
    if (scope.__dirname !== undefined)
        return () => { };
    scope.__dirname = folder;
    return () => delete scope.__dirname;
}
/** CommonJS packages imported from ESM may arrive wrapped in `default`. */
function interop(module) {
    const wrapped = module.default;
    return wrapped && typeof wrapped === "object" ? wrapped : module;
}
function firstLine(text) {
    return text.split("\n", 1)[0] ?? text;
}

// EXTERNAL MODULE: ./.stockops/build/actions/src/models/seeded-random.js
var seeded_random = __webpack_require__(9786);
;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/neural/build-network.js

const NEURAL_KINDS = ["mlp", "lstm", "gru"];
function windowOf(params) {
    return params.kind === "mlp" ? 1 : params.window;
}
/**
 * Every layer gets a fixed name and every random initializer a seed derived from the run's seed:
 * tfjs otherwise numbers layers per process and draws weights from Math.random.
 */
function buildNetwork(tf, params, featureCount, seed) {
    const kernel = (name) => tf.initializers.glorotUniform({ seed: (0,seeded_random/* deriveSeed */.B7)(seed, name, "kernel") });
    const dropout = (x, name) => params.dropout > 0 ? tf.layers.dropout({ rate: params.dropout, seed: (0,seeded_random/* deriveSeed */.B7)(seed, name), name }).apply(x) : x;
    let x;
    const input = params.kind === "mlp"
        ? tf.input({ shape: [featureCount], name: "features" })
        : tf.input({ shape: [params.window, featureCount], name: "window" });
    if (params.kind === "mlp") {
        x = input;
        params.hidden_units.forEach((units, index) => {
            const name = `dense_${index + 1}`;
            x = tf.layers.dense({ units, activation: "relu", kernelInitializer: kernel(name), biasInitializer: "zeros", name }).apply(x);
            x = dropout(x, `dropout_${index + 1}`);
        });
    }
    else {
        const recurrent = {
            units: params.units,
            kernelInitializer: kernel(params.kind),
            recurrentInitializer: quietOrthogonal(tf, (0,seeded_random/* deriveSeed */.B7)(seed, params.kind, "recurrent")),
            biasInitializer: "zeros",
            name: params.kind,
        };
        const layer = params.kind === "lstm" ? tf.layers.lstm(recurrent) : tf.layers.gru(recurrent);
        x = dropout(layer.apply(input), "dropout_1");
    }
    const output = tf.layers.dense({ units: 1, kernelInitializer: kernel("output"), biasInitializer: "zeros", name: "output" }).apply(x);
    return tf.model({ inputs: input, outputs: output, name: `stockops_${params.kind}` });
}
/** tfjs warns "slowness may result" above 2000 elements, which a 32-unit LSTM already exceeds; the QR is cheap here. */
function quietOrthogonal(tf, seed) {
    const initializer = tf.initializers.orthogonal({ seed, gain: 1 });
    initializer.ELEMENTS_WARN_SLOW = Number.POSITIVE_INFINITY;
    return initializer;
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/neural/fit-network.js

/**
 * Mini-batch Adam with our own seeded shuffle (tfjs `fit` shuffles with Math.random) and early stopping
 * that restores the weights of the best validation epoch.
 */
async function fitNetwork(tf, model, data, options) {
    const optimizer = tf.train.adam(options.learningRate);
    const variables = model.trainableWeights.map((weight) => weight.read());
    const dropouts = model.layers.filter((layer) => layer.getClassName() === "Dropout");
    const dropoutSeeds = dropouts.map((layer) => layer.seed ?? 0);
    const count = data.xTrain.shape[0];
    const order = Int32Array.from({ length: count }, (_, i) => i);
    const started = performance.now();
    let best;
    let epochsRun = 0;
    let sinceBest = 0;
    try {
        for (let epoch = 1; epoch <= options.epochs; epoch++) {
            const permutation = (0,seeded_random/* shuffled */.A4)(order, (0,seeded_random/* mulberry32 */.sK)((0,seeded_random/* deriveSeed */.B7)(options.seed, "shuffle", epoch)));
            const loss = await trainEpoch(tf, model, data, permutation, options.batchSize, (batch) => {
                dropouts.forEach((layer, k) => (layer.seed = (0,seeded_random/* deriveSeed */.B7)(dropoutSeeds[k], epoch, batch)));
                return variables;
            }, optimizer);
            const valLoss = data.xValidation && data.yValidation ? await meanSquaredError(tf, model, data.xValidation, data.yValidation) : Number.NaN;
            epochsRun = epoch;
            options.onEpoch?.({ epoch, epochs: options.epochs, loss, valLoss, elapsedMs: performance.now() - started });
            if (!Number.isFinite(loss)) {
                options.logger.warn(`training loss became ${loss} at epoch ${epoch}; stopping (try a lower learning_rate)`);
                break;
            }
            if (options.patience <= 0 || !Number.isFinite(valLoss))
                continue;
            if (!best || valLoss < best.loss) {
                best?.weights.forEach((tensor) => tensor.dispose());
                best = { loss: valLoss, epoch, weights: model.getWeights().map((tensor) => tensor.clone()) };
                sinceBest = 0;
            }
            else if (++sinceBest >= options.patience) {
                break;
            }
        }
        if (best)
            model.setWeights(best.weights);
    }
    finally {
        dropouts.forEach((layer, k) => (layer.seed = dropoutSeeds[k]));
        best?.weights.forEach((tensor) => tensor.dispose());
        optimizer.dispose();
    }
    return { epochsRun, bestEpoch: best?.epoch ?? epochsRun };
}
async function trainEpoch(tf, model, data, permutation, batchSize, beforeBatch, optimizer) {
    let total = tf.scalar(0);
    for (let start = 0, batch = 0; start < permutation.length; start += batchSize, batch++) {
        const indices = permutation.subarray(start, Math.min(permutation.length, start + batchSize));
        const variables = beforeBatch(batch);
        const weighted = tf.tidy(() => {
            const picked = tf.tensor1d(indices, "int32");
            const x = tf.gather(data.xTrain, picked);
            const y = tf.gather(data.yTrain, picked);
            const cost = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true })), true, variables);
            return tf.add(total, tf.mul(cost, indices.length));
        });
        total.dispose();
        total = weighted;
    }
    const sum = (await total.data())[0];
    total.dispose();
    return sum / permutation.length;
}
async function meanSquaredError(tf, model, x, y) {
    const loss = tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x, { batchSize: 1024 })));
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/neural/layers-artifacts.js



const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";
const BYTES_PER_DTYPE = { float32: 4, int32: 4, bool: 1 };
const weightSpec = schemas/* looseObject */._H3({
    name: schemas/* string */.YjP(),
    shape: schemas/* array */.YOg(schemas/* number */.aig().int().min(0)),
    dtype: schemas/* enum */.k5n(["float32", "int32", "bool"]),
});
const modelJsonSchema = schemas/* looseObject */._H3({
    modelTopology: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
    format: schemas/* string */.YjP().optional(),
    generatedBy: schemas/* string */.YjP().optional(),
    convertedBy: schemas/* string */.YjP().nullable().optional(),
    weightsManifest: schemas/* tuple */.PVZ([schemas/* looseObject */._H3({ paths: schemas/* tuple */.PVZ([schemas/* literal */.euz(WEIGHTS_BIN)]), weights: schemas/* array */.YOg(weightSpec) })]),
});
const MODEL_JSON_SHAPE = `a TensorFlow.js layers model: {modelTopology, weightsManifest: [{paths: ["${WEIGHTS_BIN}"], weights}]}`;
/**
 * The same two files `model.save("file://…")` writes, captured in memory so the caller decides where they go.
 * `topology` replaces the network's own when it was loaded with stand-in initializers.
 */
async function saveLayersModel(tf, model, topology) {
    let captured;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    if (!captured?.weightData || !captured.weightSpecs)
        throw new Error("tfjs returned no weights while saving the model");
    const modelJson = {
        modelTopology: topology ?? captured.modelTopology,
        format: captured.format,
        generatedBy: captured.generatedBy,
        convertedBy: captured.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: captured.weightSpecs }],
    };
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(captured.weightData));
    return new Map([
        [MODEL_JSON, (0,model_files/* encodeJson */.Pr)(modelJson)],
        [WEIGHTS_BIN, weights],
    ]);
}
async function loadLayersModel(tf, files) {
    const modelJson = (0,model_files/* readJsonFile */.JE)(files, MODEL_JSON, modelJsonSchema, MODEL_JSON_SHAPE);
    const weights = (0,model_files/* requireFile */.Gz)(files, WEIGHTS_BIN, `the weights listed in ${MODEL_JSON}`);
    const specs = modelJson.weightsManifest[0].weights;
    const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * BYTES_PER_DTYPE[spec.dtype], 0);
    if (weights.byteLength !== expected) {
        throw new errors/* IntegrityError */.cs(`holds ${weights.byteLength} bytes; ${MODEL_JSON} lists weights of ${expected} bytes`, { file: WEIGHTS_BIN });
    }
    const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
    const handler = tf.io.fromMemory({
        modelTopology: withoutInitializers(modelJson.modelTopology),
        weightSpecs: specs,
        weightData: buffer,
    });
    try {
        return { network: await tf.loadLayersModel(handler), topology: modelJson.modelTopology };
    }
    catch (error) {
        throw new errors/* IntegrityError */.cs(`cannot be loaded by TensorFlow.js (${error.message})`, { file: MODEL_JSON });
    }
}
/**
 * Loading builds every layer (running its initializers) before the saved weights overwrite them;
 * zeros skip the orthogonal QR and its "slowness may result" warning.
 */
function withoutInitializers(topology) {
    if (Array.isArray(topology))
        return topology.map(withoutInitializers);
    if (!topology || typeof topology !== "object")
        return topology;
    return Object.fromEntries(Object.entries(topology).map(([key, value]) => key.endsWith("_initializer") && value && typeof value === "object" ? [key, { class_name: "Zeros", config: {} }] : [key, withoutInitializers(value)]));
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/neural/network-inputs.js

/**
 * Rows a network can learn from: a known target, at or after the first row with a full window,
 * and finite features in every row of that window.
 */
function trainableRows(scaled, target, range, window) {
    const badBefore = new Int32Array(scaled.length + 1);
    for (let i = 0; i < scaled.length; i++)
        badBefore[i + 1] = badBefore[i] + (scaled[i].every(Number.isFinite) ? 0 : 1);
    const rows = [];
    const start = Math.max(range.start, window - 1);
    const end = Math.min(range.end, scaled.length);
    for (let i = start; i < end; i++) {
        if (!Number.isFinite(target[i]))
            continue;
        if (badBefore[i + 1] - badBefore[i + 1 - window] > 0)
            continue;
        rows.push(i);
    }
    return Int32Array.from(rows);
}
/**
 * One contiguous Float32Array of shape [rows, window, features] (window 1 = plain feature rows), the row's
 * own features last, so a sequence model only ever sees days up to the one it predicts from.
 */
function windowedInputs(scaled, rows, window, featureCount) {
    const out = new Float32Array(rows.length * window * featureCount);
    let offset = 0;
    for (let k = 0; k < rows.length; k++) {
        const last = rows[k];
        for (let day = last - window + 1; day <= last; day++) {
            const x = scaled[day];
            if (!x || x.length !== featureCount) {
                throw new errors/* DataError */.fL(`row ${day} has ${x?.length ?? 0} features, the model expects ${featureCount}`, { field: "features" });
            }
            out.set(x, offset);
            offset += featureCount;
        }
    }
    return out;
}
/** Networks train on a standardized target: log returns are ~1e-2, which makes losses and step sizes awkward. */
function fitTargetScale(target, rows) {
    let sum = 0;
    for (const row of rows)
        sum += target[row];
    const mean = rows.length > 0 ? sum / rows.length : 0;
    let squares = 0;
    for (const row of rows)
        squares += (target[row] - mean) ** 2;
    const std = rows.length > 1 ? Math.sqrt(squares / rows.length) : 0;
    return { mean, std: std > 0 ? std : 1 };
}
function scaledTargets(target, rows, scale) {
    const out = new Float32Array(rows.length);
    for (let k = 0; k < rows.length; k++)
        out[k] = (target[rows[k]] - scale.mean) / scale.std;
    return out;
}

;// CONCATENATED MODULE: ./.stockops/build/actions/src/models/neural/neural-model.js










const META_FILE = "model-meta.json";
const PREDICT_BATCH = 2048;
const metaSchema = schemas/* strictObject */.rej({
    kind: schemas/* enum */.k5n(NEURAL_KINDS),
    window: schemas/* number */.aig().int().min(1),
    feature_count: schemas/* number */.aig().int().positive(),
    target_scale: schemas/* strictObject */.rej({ mean: schemas/* number */.aig(), std: schemas/* number */.aig().positive() }),
    params: model_config/* modelSection */.tc,
    backend: schemas/* enum */.k5n(BACKEND_NAMES),
    seed: schemas/* number */.aig().int().min(0),
    epochs_run: schemas/* number */.aig().int().min(0),
    train_samples: schemas/* number */.aig().int().min(0),
});
const META_SHAPE = "{kind: mlp|lstm|gru, window, feature_count, target_scale: {mean, std}, params, backend, seed, epochs_run, train_samples}";
/** A TensorFlow.js network predicting the standardized target from a window of feature rows. */
class NeuralModel {
    tf;
    network;
    meta;
    training;
    topology;
    kind;
    firstPredictableRow;
    constructor(tf, network, meta, training, topology) {
        this.tf = tf;
        this.network = network;
        this.meta = meta;
        this.training = training;
        this.topology = topology;
        this.kind = meta.kind;
        this.firstPredictableRow = meta.window - 1;
    }
    static async train(input, backend) {
        const { tf, backend: used } = await loadTensorflow(input.logger, backend ? { prefer: backend } : {});
        const started = performance.now();
        const params = input.params;
        const window = windowOf(params);
        const featureCount = featureCountOf(input.scaled);
        const trainRows = trainableRows(input.scaled, input.target, input.train, window);
        if (trainRows.length === 0)
            throw new errors/* DataError */.fL(`no training row has a known target and ${window} day(s) of history`, { field: "split.train" });
        const validationRows = trainableRows(input.scaled, input.target, input.validation, window);
        const scale = fitTargetScale(input.target, trainRows);
        const tensors = (rows) => rows.length === 0
            ? []
            : [
                tf.tensor(windowedInputs(input.scaled, rows, window, featureCount), inputShape(rows.length, window, featureCount, params.kind)),
                tf.tensor2d(scaledTargets(input.target, rows, scale), [rows.length, 1]),
            ];
        const [xTrain, yTrain] = tensors(trainRows);
        const [xValidation, yValidation] = tensors(validationRows);
        const network = buildNetwork(tf, params, featureCount, input.seed);
        try {
            const fit = await fitNetwork(tf, network, { xTrain, yTrain, xValidation, yValidation }, {
                epochs: params.epochs,
                batchSize: params.batch_size,
                learningRate: params.learning_rate,
                patience: params.patience,
                seed: input.seed,
                logger: input.logger,
                onEpoch: input.onEpoch,
            });
            const elapsedMs = performance.now() - started;
            const meta = {
                kind: params.kind,
                window,
                feature_count: featureCount,
                target_scale: scale,
                // Parsed again so key order is the schema's: a loaded model then re-serializes to the same bytes.
                params: model_config/* modelSection */.tc.parse(params),
                backend: used,
                seed: input.seed,
                epochs_run: fit.epochsRun,
                train_samples: trainRows.length,
            };
            const seen = trainRows.length * fit.epochsRun;
            return new NeuralModel(tf, network, meta, {
                backend: used,
                epochs: fit.epochsRun,
                samples: trainRows.length,
                elapsedMs,
                samplesPerSecond: elapsedMs > 0 ? seen / (elapsedMs / 1000) : 0,
            });
        }
        catch (error) {
            network.dispose();
            throw error;
        }
        finally {
            tf.dispose([xTrain, yTrain, ...(xValidation ? [xValidation] : []), ...(yValidation ? [yValidation] : [])]);
        }
    }
    static async load(files, logger = silentLogger) {
        const meta = (0,model_files/* readJsonFile */.JE)(files, META_FILE, metaSchema, META_SHAPE);
        if (meta.params.kind !== meta.kind)
            throw new errors/* DataError */.fL(`params.kind '${meta.params.kind}' differs from kind '${meta.kind}'`, { file: META_FILE, field: "params.kind" });
        const { tf } = await loadTensorflow(logger);
        const { network, topology } = await loadLayersModel(tf, files);
        const expected = inputShape(-1, meta.window, meta.feature_count, meta.kind).slice(1);
        const actual = network.inputs[0]?.shape.slice(1) ?? [];
        if (actual.join() !== expected.join()) {
            network.dispose();
            throw new errors/* IntegrityError */.cs(`network input is [${actual.join(", ")}] but ${META_FILE} describes [${expected.join(", ")}] (window, features)`, { file: "model.json" });
        }
        return new NeuralModel(tf, network, meta, {
            backend: meta.backend,
            epochs: meta.epochs_run,
            samples: meta.train_samples,
            elapsedMs: 0,
            samplesPerSecond: 0,
        }, topology);
    }
    async predict(scaled, rows) {
        const out = new Float64Array(rows.length).fill(Number.NaN);
        const positions = [];
        const usable = [];
        rows.forEach((row, position) => {
            if (Number.isInteger(row) && row >= this.firstPredictableRow && row < scaled.length) {
                positions.push(position);
                usable.push(row);
            }
        });
        const { window, feature_count: featureCount, target_scale: scale } = this.meta;
        for (let start = 0; start < usable.length; start += PREDICT_BATCH) {
            const batch = usable.slice(start, start + PREDICT_BATCH);
            const data = windowedInputs(scaled, batch, window, featureCount);
            const predicted = this.tf.tidy(() => this.network.predict(this.tf.tensor(data, inputShape(batch.length, window, featureCount, this.kind))));
            const values = await predicted.data();
            predicted.dispose();
            for (let k = 0; k < batch.length; k++)
                out[positions[start + k]] = values[k] * scale.std + scale.mean;
        }
        return out;
    }
    async serialize() {
        const files = await saveLayersModel(this.tf, this.network, this.topology);
        files.set(META_FILE, (0,model_files/* encodeJson */.Pr)(this.meta));
        return files;
    }
    /** Frees the network's weights; the model cannot predict afterwards. */
    dispose() {
        this.network.dispose();
    }
}
function featureCountOf(scaled) {
    const first = scaled[0];
    if (!first || first.length === 0)
        throw new errors/* DataError */.fL("no feature rows to train on", { field: "features" });
    return first.length;
}
function inputShape(rows, window, featureCount, kind) {
    return kind === "mlp" ? [rows, featureCount] : [rows, window, featureCount];
}


/***/ })

};
