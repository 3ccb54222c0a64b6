/** Where a model branch keeps its published artifacts, relative to the branch root. */
export function artifactPaths(symbol: string) {
  const modelDir = `models/${symbol}`;
  return {
    modelDir,
    features: `${modelDir}/features.json`,
    scaler: `${modelDir}/scaler.json`,
    lineage: `${modelDir}/lineage.json`,
    metrics: `${modelDir}/metrics.json`,
    predictions: `${modelDir}/predictions.csv`,
    report: `reports/${symbol}.md`,
    modelFile: (name: string) => `${modelDir}/${name}`,
  };
}

export type ArtifactPaths = ReturnType<typeof artifactPaths>;
