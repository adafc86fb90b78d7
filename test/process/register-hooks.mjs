import { register } from "node:module";

register("./record-simulator-imports.mjs", import.meta.url);
