import { readFileSync } from "node:fs";

/** The text of `schema/operations/<name>.graphql`: the same documents GraphiQL and codegen use. */
export const operation = (name: string): string =>
  readFileSync(new URL(`../../schema/operations/${name}.graphql`, import.meta.url), "utf8");
