import "reflect-metadata";
import {
  execute,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  printSchema,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { Arg, buildSchema, Extensions, Query, Resolver } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { graphAlertWithEvidence, HASH, legacyAlertWithEvidence } from "../../../test/helpers/evidence.fixture.js";
import { isCacheableOperation } from "../../cache/cache-eligibility.js";
import { Cacheable, RESPONSE_CACHE_EXTENSION } from "../../cache/cacheable.js";
import { defenderAlert } from "../../upstream/defender.mapper.js";
import { graphAlert } from "../../upstream/graph.mapper.js";
import { EvidenceFilter } from "./evidence-filter.input.js";
import { evidenceFilterTokens } from "./evidence-filter.mapper.js";
import { toGraphQLEvidenceList } from "./evidence.mapper.js";
import { Evidence, EVIDENCE_TYPE_NAMES, type EvidenceObject } from "./evidence.type.js";

/** A schema with only what this branch adds, wired the way `Alert.evidence` and `AlertFilter.evidence` will be. */
@Resolver()
class EvidenceProbeResolver {
  @Extensions(Cacheable.EVENT_LOG)
  @Query(() => [Evidence], { description: "Evidence of the sample alert of one source." })
  evidence(@Arg("source", () => String) source: string): EvidenceObject[] {
    const alert = source === "graph" ? graphAlert(graphAlertWithEvidence()) : defenderAlert(legacyAlertWithEvidence());
    return toGraphQLEvidenceList(alert.evidence);
  }

  @Query(() => [String], { nullable: true, description: "The tokens a filter asks for." })
  evidenceTokens(@Arg("filter", () => EvidenceFilter, { nullable: true }) filter?: EvidenceFilter | null): string[] | undefined {
    return evidenceFilterTokens(filter);
  }
}

const QUERY = /* GraphQL */ `
  query Evidence($source: String!) {
    evidence(source: $source) {
      __typename
      createdDateTime
      verdict
      verdictRaw
      remediationStatus
      roles
      detailedRoles
      tags
      ... on DeviceEvidence {
        mdeDeviceId
        deviceDnsName
        osBuild
        rbacGroupName
        ipInterfaces
        loggedOnUsers {
          accountName
          domainName
        }
      }
      ... on FileEvidence {
        fileDetails {
          ...File
        }
        detectionStatus
      }
      ... on ProcessEvidence {
        processId
        processCommandLine
        processCreationDateTime
        imageFile {
          ...File
        }
        parentProcessImageFile {
          fileName
        }
        userAccount {
          ...Account
        }
      }
      ... on UserEvidence {
        userAccount {
          ...Account
        }
      }
      ... on IpEvidence {
        ipAddress
        countryLetterCode
      }
      ... on UrlEvidence {
        url
      }
      ... on RegistryKeyEvidence {
        registryKey
        registryHive
      }
      ... on RegistryValueEvidence {
        registryKey
        registryValueName
        registryValue
        registryValueType
      }
      ... on MailboxEvidence {
        primaryAddress
        displayName
        userAccount {
          ...Account
        }
      }
      ... on GenericEvidence {
        type
        raw
      }
    }
  }
  fragment File on EvidenceFileDetails {
    sha1
    sha256
    fileName
    filePath
    fileSize
  }
  fragment Account on EvidenceUserAccount {
    accountName
    domainName
    userPrincipalName
  }
`;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSchema({ resolvers: [EvidenceProbeResolver], validate: false });
});

const run = async (source: string, variables: Record<string, unknown>) => {
  const result = await execute({ schema, document: parse(source), variableValues: variables });
  return JSON.parse(JSON.stringify(result)) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
};

describe("Evidence in a GraphQL schema", () => {
  it("publishes the interface, its ten implementations and `[Evidence!]!`", () => {
    const sdl = printSchema(schema);
    expect(sdl).toContain("evidence(source: String!): [Evidence!]!");
    expect(sdl).toContain("interface Evidence {");
    const evidence = schema.getType("Evidence");
    expect(isInterfaceType(evidence)).toBe(true);
    if (!isInterfaceType(evidence)) return;
    const implementations = schema.getPossibleTypes(evidence).map((t) => t.name);
    expect(implementations.sort()).toEqual(Object.values(EVIDENCE_TYPE_NAMES).sort());
    expect(sdl).toContain("enum EvidenceVerdict {");
    expect(sdl).toMatch(/type GenericEvidence implements Evidence \{[\s\S]*?raw: JSONObject!/);
  });

  it("resolves every kind from Graph to its type through inline fragments", async () => {
    const { data, errors } = await run(QUERY, { source: "graph" });
    expect(errors).toBeUndefined();
    const list = data!.evidence as Record<string, unknown>[];
    expect(list.map((e) => e.__typename)).toEqual([
      "DeviceEvidence",
      "FileEvidence",
      "ProcessEvidence",
      "UserEvidence",
      "IpEvidence",
      "UrlEvidence",
      "RegistryKeyEvidence",
      "RegistryValueEvidence",
      "MailboxEvidence",
      "GenericEvidence",
    ]);
    const [device, file, process, user, ip, url, key, value, mailbox, generic] = list;
    expect(device).toMatchObject({
      createdDateTime: "2026-11-29T09:58:44.253Z",
      verdict: "MALICIOUS",
      roles: ["compromised"],
      detailedRoles: ["PrimaryDevice"],
      tags: ["Tier0"],
      deviceDnsName: "PC-17.contoso.local",
      osBuild: 22631,
      rbacGroupName: null,
      ipInterfaces: ["10.1.2.17", "2001:DB8:0:0:0:0:0:17", "fe80::9c2e:1a4f:e2a6:7b1d"],
      loggedOnUsers: [{ accountName: "nathan", domainName: "CONTOSO" }],
    });
    expect(file).toMatchObject({ fileDetails: { sha256: HASH.mimikatzSha256, fileSize: 1355680 }, detectionStatus: "prevented" });
    expect(process).toMatchObject({
      processId: 8412,
      processCreationDateTime: "2026-11-29T09:58:41.123Z",
      imageFile: { fileName: "powershell.exe" },
      parentProcessImageFile: { fileName: "WINWORD.EXE" },
      userAccount: { userPrincipalName: "Nathan.Lane@Contoso.com" },
    });
    expect(user).toMatchObject({ verdict: null, verdictRaw: "unknown", userAccount: { accountName: "nathan" } });
    expect(ip).toMatchObject({ verdict: "UNKNOWN", verdictRaw: "unknownFutureValue", ipAddress: "203.0.113.45", countryLetterCode: "NL" });
    expect(url).toMatchObject({ url: "https://Login.Contoso-Secure.com/owa/auth.owa?r=1" });
    expect(key).toMatchObject({ registryHive: "HKEY_LOCAL_MACHINE" });
    expect(value).toMatchObject({ registryValueName: "Updater", registryValueType: "String" });
    expect(mailbox).toMatchObject({ primaryAddress: "Nathan.Lane@Contoso.com", userAccount: { domainName: "CONTOSO" } });
    expect(generic).toMatchObject({
      type: "#microsoft.graph.security.analyzedMessageEvidence",
      raw: { "@odata.type": "#microsoft.graph.security.analyzedMessageEvidence", subject: "Your mailbox is almost full" },
    });
  });

  it("resolves legacy evidence to the same types", async () => {
    const { data, errors } = await run(QUERY, { source: "defender" });
    expect(errors).toBeUndefined();
    const list = data!.evidence as Record<string, unknown>[];
    expect(list.map((e) => e.__typename)).toEqual([
      "DeviceEvidence",
      "FileEvidence",
      "ProcessEvidence",
      "UserEvidence",
      "IpEvidence",
      "UrlEvidence",
      "RegistryValueEvidence",
      "RegistryKeyEvidence",
      "MailboxEvidence",
      "GenericEvidence",
    ]);
    expect(list[0]).toMatchObject({ deviceDnsName: "fin-ws-042.fabrikam.local", ipInterfaces: [], verdict: null, roles: [] });
    expect(list[9]).toMatchObject({ type: "SecurityGroup", raw: { accountName: "Domain Admins" } });
  });

  it("keeps an evidence query cacheable: every field of every evidence type carries a cache mark and a description", () => {
    const seen = new Set<string>();
    const visit = (t: GraphQLObjectType | ReturnType<typeof schema.getType>) => {
      if (!t || seen.has(t.name) || !(isObjectType(t) || isInterfaceType(t))) return;
      seen.add(t.name);
      for (const f of Object.values(t.getFields())) {
        expect(f.extensions[RESPONSE_CACHE_EXTENSION], `${t.name}.${f.name}`).toBe("EVENT_LOG");
        expect(f.description?.trim(), `${t.name}.${f.name}`).toBeTruthy();
        visit(getNamedType(f.type) as GraphQLObjectType);
      }
    };
    const evidence = schema.getType("Evidence");
    visit(evidence);
    if (isInterfaceType(evidence)) for (const t of schema.getPossibleTypes(evidence)) visit(t);
    expect([...seen]).toEqual(expect.arrayContaining(["EvidenceFileDetails", "EvidenceUserAccount", "LoggedOnUser"]));

    const doc = parse(QUERY);
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = new Map(
      doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    expect(isCacheableOperation(schema, op, fragments)).toBe(true);
  });

  it("takes an EvidenceFilter input and reports a malformed value with its field path", async () => {
    const q = "query T($f: EvidenceFilter) { evidenceTokens(filter: $f) }";
    expect((await run(q, { f: { domain: "Contoso.com", deviceName: "PC-17" } })).data).toEqual({
      evidenceTokens: ["domain:contoso.com", "device:pc-17"],
    });
    expect((await run(q, { f: {} })).data).toEqual({ evidenceTokens: null });
    const bad = await run(q, { f: { sha256: "1234" } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.evidence.sha256" });
  });
});
