import { Extensions, Field, ObjectType } from "type-graphql";
import { Cacheable } from "../../cache/cacheable.js";

@ObjectType({ description: "Relay-style paging state of a connection." })
export class PageInfo {
  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => Boolean, { description: "True when another page follows `endCursor`." })
  hasNextPage!: boolean;

  @Extensions(Cacheable.EVENT_LOG)
  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last edge; pass it as `after` for the next page. Null on an empty page.",
  })
  endCursor?: string | null;

  /** Left out by a connection: false (see the page-info resolver). */
  @Field(() => Boolean, {
    description:
      "True when the page started after a cursor (`after` was given), so earlier items exist. Connections page forward only: use `after`, not `before`.",
  })
  hasPreviousPage?: boolean;

  /** Left out by a connection: null. */
  @Field(() => String, { nullable: true, description: "Cursor of the first edge. Null on an empty page." })
  startCursor?: string | null;
}
