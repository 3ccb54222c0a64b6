/** One trading day in Yahoo's daily layout. */
export interface PriceBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose?: number;
  volume: number;
}

/** Validated daily prices of one symbol, ascending by date, with the hash of the bytes they came from. */
export interface PriceSeries {
  symbol: string;
  /** File path or package dataset the rows were read from. */
  origin: string;
  /** md5 of the source bytes (the same hash DVC records). */
  contentHash: string;
  /** Hash of the data.dvc entry the bytes were verified against, when read through DVC. */
  dataVersion?: string;
  /** Read through DVC: the branch and commit the data.dvc was followed from, or null for the folder's own data.dvc. */
  dataDvcFrom?: { branch: string; commit: string } | null;
  bars: PriceBar[];
  /** Suspicious but legal rows (e.g. a jump that looks like an undeclared split). */
  warnings: string[];
}
