/** Rows of `width` values laid out one after another in `cells`, as views that share its memory. */
export function rowViews(cells: Float64Array, rows: number, width: number): Float64Array[] {
  const views = new Array<Float64Array>(rows);
  for (let row = 0; row < rows; row++) views[row] = new Float64Array(cells.buffer, cells.byteOffset + row * width * 8, width);
  return views;
}
