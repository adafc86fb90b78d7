import { GraphQLSafeInt } from "graphql-scalars";
import { Extensions, Field, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";

/** Objects nested in evidence, named after Graph's (`fileDetails`, `userAccount`, `loggedOnUser`). */

@ObjectType({ description: "A file as evidence describes it (Graph `fileDetails`). Every part may be missing upstream." })
export class EvidenceFileDetails {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "SHA-1 of the file (hex)." })
  sha1?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "SHA-256 of the file (hex)." })
  sha256?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "File name." })
  fileName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Folder of the file." })
  filePath?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => GraphQLSafeInt, { nullable: true, description: "Size in bytes." })
  fileSize?: number | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Publisher of the file." })
  filePublisher?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Signer of the signed file." })
  signer?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Issuer of the signing certificate." })
  issuer?: string | null;
}

@ObjectType({ description: "An account as evidence names it (Graph `userAccount`). Every part may be missing upstream." })
export class EvidenceUserAccount {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Account name (sAMAccountName)." })
  accountName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Account domain (NetBIOS)." })
  domainName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Security identifier of the account." })
  userSid?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Entra (Azure AD) user object id." })
  azureAdUserId?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "User principal name." })
  userPrincipalName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Display name." })
  displayName?: string | null;
}

@ObjectType({ description: "A user signed in on a device (Graph `loggedOnUser`)." })
export class LoggedOnUser {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Account name." })
  accountName?: string | null;
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, { nullable: true, description: "Account domain." })
  domainName?: string | null;
}
