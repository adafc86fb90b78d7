import { FieldResolver, Resolver, Root } from "type-graphql";
import { PageInfo } from "./page-info.type.js";

/** Relay's `hasPreviousPage`/`startCursor` for connections that do not set them (forward-only paging). */
@Resolver(() => PageInfo)
export class PageInfoResolver {
  @FieldResolver(() => Boolean)
  hasPreviousPage(@Root() page: PageInfo): boolean {
    return page.hasPreviousPage ?? false;
  }

  @FieldResolver(() => String, { nullable: true })
  startCursor(@Root() page: PageInfo): string | null {
    return page.startCursor ?? null;
  }
}
