import "reflect-metadata";
import { execute, parse, type GraphQLSchema } from "graphql";
import { Arg, buildSchema, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { describe, expect, it } from "vitest";
import { callFieldResolversDirectly } from "./field-resolvers.js";

@ObjectType()
class Thing {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
class Shaped {
  @Field(() => ID)
  id!: string;
  shout(): string {
    return this.id.toUpperCase();
  }
}

interface Ctx {
  prefix: string;
}

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => [Thing])
  things(): Thing[] {
    return [{ id: "a" }, { id: "b" }];
  }

  @FieldResolver(() => String)
  label(@Root() thing: Thing, @Ctx() ctx: Ctx): string {
    return `${ctx.prefix}${thing.id}`;
  }

  @FieldResolver(() => String, { nullable: true })
  async later(@Root() thing: Thing): Promise<string> {
    if (thing.id === "b") throw new Error("no b");
    return Promise.resolve(thing.id);
  }

  @FieldResolver(() => String)
  withArg(@Root() thing: Thing, @Arg("x", () => String) x: string): string {
    return thing.id + x;
  }

  @UseMiddleware(async (_data, next) => `mw:${String(await next())}`)
  @FieldResolver(() => String)
  guarded(@Root() thing: Thing): string {
    return thing.id;
  }
}

@Resolver(() => Shaped)
class ShapedResolver {
  @Query(() => Shaped)
  shaped(): Shaped {
    return { id: "s" } as Shaped;
  }

  @FieldResolver(() => String)
  loud(@Root() s: Shaped): string {
    return s.shout();
  }
}

const resolvers = [ThingResolver, ShapedResolver] as const;
const build = () => buildSchema({ resolvers: [...resolvers], validate: false });
const run = async (schema: GraphQLSchema, query: string) =>
  JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), contextValue: { prefix: "p-" } }))) as unknown;

describe("callFieldResolversDirectly", () => {
  it("calls field resolvers that take only the parent and the context directly, with the same answers and errors", async () => {
    const before = await build();
    const after = await build();
    const changed = callFieldResolversDirectly(after, [...resolvers]);
    expect(changed).toBe(2); // label and later; withArg, guarded and loud keep type-graphql's handler
    const query = '{ things { id label later withArg(x: "!") guarded } shaped { loud } }';
    const direct = await run(after, query);
    expect(direct).toEqual(await run(before, query));
    expect(direct).toMatchObject({
      data: {
        things: [
          { label: "p-a", later: "a", withArg: "a!", guarded: "mw:a" },
          { label: "p-b", later: null },
        ],
      },
      errors: [{ message: "no b", path: ["things", 1, "later"] }],
    });
  });

  it("keeps type-graphql's handler for arguments, middlewares and root types with methods", async () => {
    const schema = await build();
    callFieldResolversDirectly(schema, [...resolvers]);
    const thing = schema.getType("Thing") as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const shaped = schema.getType("Shaped") as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const handler = (f: { resolve?: unknown }) => /getParams/.test(String(f.resolve));
    expect(handler(thing.getFields().label)).toBe(false);
    expect(handler(thing.getFields().withArg)).toBe(true);
    expect(handler(thing.getFields().guarded)).toBe(true);
    expect(handler(shaped.getFields().loud)).toBe(true);
  });
});
