/**
 * Reference SIEM connector for the MSSP alert gateway: reads the `alertEventsSince` pull feed from a stored
 * checkpoint and writes NDJSON (stdout or a file) or RFC 5424 syslog over TCP with CEF records.
 *   node --import tsx examples/siem-connector/src/main.ts
 * Settings: examples/siem-connector/README.md. Exit codes: 0 stopped (SIGTERM/SIGINT), 1 failed,
 * 2 invalid settings, 3 cursor expired.
 */
import { createCheckpointStore } from "./checkpoint.store.js";
import { ConfigError, loadConnectorConfig, type ConnectorConfig } from "./connector.config.js";
import { ConnectorStopped, runConnector } from "./connector.loop.js";
import { createFeedClient } from "./feed.client.js";
import type { EventSink } from "./feed.types.js";
import { createLogger, type Logger } from "./logger.js";
import { createNdjsonFileSink, createNdjsonStdoutSink } from "./ndjson.sink.js";
import { createSyslogSink } from "./syslog.sink.js";
import { createTokenSource } from "./token.source.js";

function createSink(config: ConnectorConfig, log: Logger): EventSink {
  const out = config.output;
  if (out.kind === "file") return createNdjsonFileSink(out.path, log);
  if (out.kind === "syslog") {
    return createSyslogSink(
      {
        host: out.host,
        port: out.port,
        facility: config.syslogFacility,
        appName: config.syslogAppName,
        connectTimeoutMs: config.requestTimeoutMs,
      },
      log,
    );
  }
  return createNdjsonStdoutSink();
}

async function main(): Promise<number> {
  const log = createLogger();
  let config: ConnectorConfig;
  try {
    config = loadConnectorConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.error(e.message, { problems: e.problems });
      return 2;
    }
    throw e;
  }

  const stop = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info("stopping after the batch in progress", { signal });
      stop.abort();
    });
  }

  const tokens = createTokenSource(config.token, config.requestTimeoutMs);
  const sink = createSink(config, log);
  try {
    await runConnector({
      feed: createFeedClient({
        gatewayUrl: config.gatewayUrl,
        tokens,
        pageSize: config.pageSize,
        filter: config.filter,
        timeoutMs: config.requestTimeoutMs,
      }),
      sink,
      checkpoints: createCheckpointStore(config.checkpointFile),
      tokens,
      log,
      pollIntervalMs: config.pollIntervalMs,
      backoffMaxMs: config.backoffMaxMs,
      signal: stop.signal,
    });
    log.info("connector stopped");
    return 0;
  } catch (e) {
    log.error(e instanceof ConnectorStopped ? e.message : `connector failed: ${(e as Error).stack ?? String(e)}`);
    return e instanceof ConnectorStopped ? e.exitCode : 1;
  } finally {
    await sink.close().catch(() => undefined);
  }
}

process.exitCode = await main();
