import { readFile } from "node:fs/promises";

/**
 * The README's convention, which the demo test holds it to: a line written `npx stockops …` inside a ```sh
 * block runs as written in the checkout right after `npm ci && npm start`, exits 0 and prints something.
 * A command that needs the real GitHub origin, credentials or network, or that runs a server until stopped,
 * is written `stockops …` (no npx) and is not run. `npx stockops …` in prose would escape the test, so it is
 * refused: such a command belongs in a ```sh block.
 */
export interface ReadmeCommand {
  line: number;
  command: string;
}

export async function readmeCommands(path: string): Promise<ReadmeCommand[]> {
  const lines = (await readFile(path, "utf8")).split("\n");
  const commands: ReadmeCommand[] = [];
  const misplaced: string[] = [];
  let fence: string | undefined;
  lines.forEach((text, index) => {
    const opening = /^\s*```(\S*)/.exec(text);
    if (opening) {
      fence = fence === undefined ? opening[1] || "text" : undefined;
      return;
    }
    if (fence === "sh" && /^npx stockops\s/.test(text)) commands.push({ line: index + 1, command: text });
    else if (/`npx stockops\s+[^`]+`/.test(text) || (fence !== undefined && /npx stockops\s/.test(text))) misplaced.push(`line ${index + 1}: ${text.trim()}`);
  });
  if (misplaced.length > 0) throw new Error(`README.md has npx stockops commands outside a \`\`\`sh block's line start, which no test runs:\n${misplaced.join("\n")}`);
  return commands;
}
