import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe("config typed by mode", () => {
  it("embedded by default, with the simulator's settings and without remote ones", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("embedded");
    if (c.mode !== "embedded") throw new Error("narrowing");
    expect(c.env.SIM_SEED).toBe(42);
    expect("AUTHORITY_HOST" in c.env).toBe(false);
    expect(c.warnings).toEqual([]);
  });

  it("remote requires its endpoints and a credential, and drops the simulator's settings with a warning", () => {
    expect(problems({ UPSTREAM_MODE: "remote" })).toEqual(
      expect.arrayContaining(["AUTHORITY_HOST: required when UPSTREAM_MODE=remote", "AUTH_JWKS_URL: required when UPSTREAM_MODE=remote"]),
    );
    const endpoints = {
      UPSTREAM_MODE: "remote",
      AUTHORITY_HOST: "https://login.example",
      UPSTREAM_CLIENT_ID: "app",
      AUTH_ISSUER: "https://sts.example/",
      AUTH_JWKS_URL: "https://login.example/keys",
      AUTH_AUDIENCE: "api://gw",
    };
    expect(problems(endpoints)).toEqual([
      "UPSTREAM_CLIENT_SECRET or UPSTREAM_CERTIFICATE_PATH: one is required when UPSTREAM_MODE=remote",
      "GATEWAY_CONFIG_FILE: tenants are required when UPSTREAM_MODE=remote",
    ]);
  });

  it("a remote-only setting in embedded mode is ignored with a warning", () => {
    const c = loadConfig({ AUTHORITY_HOST: "https://login.example" });
    expect(c.mode).toBe("embedded");
    expect(c.warnings).toEqual(["AUTHORITY_HOST is ignored: it only applies when UPSTREAM_MODE=remote"]);
  });

  it("REDIS_URL needs a redis:// or rediss:// scheme", () => {
    expect(problems({ REDIS_URL: "localhost:6379" })).toEqual([expect.stringMatching(/^REDIS_URL: expected a URL like redis:\/\//)]);
    expect(loadConfig({ REDIS_URL: "rediss://user:pw@cache.example:6380/0" }).shared).toBe(true);
  });

  it("REDIS_COMMAND_TIMEOUT_MS defaults to 1 s", () => {
    expect(loadConfig({}).env.REDIS_COMMAND_TIMEOUT_MS).toBe(1_000);
  });

  it("executes with graphql-jit by default, 500 compiled documents; graphql-js on request; other engines refused", () => {
    expect(loadConfig({}).env).toMatchObject({ EXECUTION_ENGINE: "jit", EXECUTION_CACHE_MAX_ENTRIES: 500 });
    expect(loadConfig({ EXECUTION_ENGINE: "graphql-js" }).env.EXECUTION_ENGINE).toBe("graphql-js");
    expect(problems({ EXECUTION_ENGINE: "fast" })).toEqual([expect.stringMatching(/^EXECUTION_ENGINE: /)]);
  });
});

describe(".env.example", () => {
  it("lists every setting of the schema", () => {
    const schema = readFileSync(new URL("./config.ts", import.meta.url), "utf8");
    const keys = new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]));
    const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const missing = [...keys].filter((k) => !new RegExp(`^# ${k}=`, "m").test(example));
    expect(missing).toEqual([]);
  });
});
