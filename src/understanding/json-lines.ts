import { readFileSync } from 'node:fs';

/** Each non-empty line of a JSON-lines file, parsed, with `file:line` to name it in errors. */
export function readJsonLines(file: string): { row: unknown; where: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), `${file}:${i + 1}`] as const)
    .filter(([line]) => line !== '')
    .map(([line, where]) => {
      try {
        return { row: JSON.parse(line) as unknown, where };
      } catch {
        throw new Error(`${where}: not JSON`);
      }
    });
}
