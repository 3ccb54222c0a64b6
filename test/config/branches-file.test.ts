import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseBranchesConfig } from "../../src/config/read-branches-config.js";
import { branchName } from "../../src/config/branches-config.js";

describe("branches.json on main", () => {
  it("is valid and lists two teams × the embedded symbols", async () => {
    const config = parseBranchesConfig(await readFile(new URL("../../branches.json", import.meta.url), "utf8"), "branches.json");
    expect(Object.keys(config.teams).sort()).toEqual(["blue", "red"]);
    expect(config.teams.red!.budget).toBe(15000);
    expect(config.teams.red!.currency).toBe("EUR");
    expect(config.branches.map(branchName)).toEqual(["red/AAPL", "red/SPX", "blue/AAPL", "blue/SPX"]);
  });

  it("rejects a branch of an undefined team, naming the field", () => {
    const text = JSON.stringify({ teams: { red: {} }, branches: [{ team: "green", symbol: "AAPL" }] });
    expect(() => parseBranchesConfig(text, "branches.json")).toThrow(/branches\.json, field 'branches\.0\.team': .*team 'green' is not defined/);
  });

  it("rejects duplicate branches and unknown keys", () => {
    const duplicate = JSON.stringify({ teams: { red: {} }, branches: [{ team: "red", symbol: "AAPL" }, { team: "red", symbol: "AAPL" }] });
    expect(() => parseBranchesConfig(duplicate, "branches.json")).toThrow(/duplicate branch red\/AAPL/);
    const unknown = JSON.stringify({ teams: { red: { budjet: 1 } }, branches: [] });
    expect(() => parseBranchesConfig(unknown, "branches.json")).toThrow(/unknown key 'budjet'/);
  });
});
