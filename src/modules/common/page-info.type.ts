import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Relay-style paging state of a connection." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when another page follows `endCursor`." })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge; pass it as `after` for the next page. Null on an empty page." })
  endCursor?: string | null;
}
