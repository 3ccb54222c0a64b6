import { z } from "zod";
import { unsafePathReason } from "./confine-path.js";

/** A key naming a file under the branch root (stockops.lock outputs): relative, no `..`, no NUL, no `.git`. */
export const relativePathKey = z.string().refine((path) => unsafePathReason(path) === undefined, {
  message: "expected a relative path inside the branch (no '..', no leading '/', no NUL byte, no .git)",
});

/** A bare file name (lineage model files): no folder separator, not '.' or '..', no NUL. */
export const fileNameKey = z.string().regex(/^(?!\.\.?$)[^/\\\0]{1,255}$/, "expected a bare file name such as model.json (no '/', not '.' or '..')");
