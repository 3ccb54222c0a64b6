import { StockopsError } from "../errors.js";

/** A request the API refuses, with the status it answers and, for an unknown name, the names it knows. */
export class HttpError extends StockopsError {
  readonly status: number;
  readonly valid: string[] | undefined;

  constructor(status: number, message: string, valid?: string[]) {
    super(message);
    this.status = status;
    this.valid = valid;
  }
}
