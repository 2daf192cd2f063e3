/** A knowledge file is missing, unparsable or wrong: the message names the file, the path inside it and the fault. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`knowledge/${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}
