/**
 * Benchmark baseline #2: a bare Apollo Server 5 (express5 integration, same SDL) answering every request
 * from a static object: the gateway's own response, so both serve the same bytes. No auth, no limits.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { buildSchema } from "graphql";

const port = Number(process.env.BASELINE_PORT);
const data = JSON.parse(readFileSync(process.env.BASELINE_DATA!, "utf8")) as Record<string, unknown>;
const schema = buildSchema(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));
const apollo = new ApolloServer({ schema, rootValue: data, introspection: false, plugins: [ApolloServerPluginLandingPageDisabled()] });
await apollo.start();
const app = express();
app.use("/graphql", express.json({ limit: 100_000 }), expressMiddleware(apollo));
http.createServer(app).listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "baseline listening", port })));
