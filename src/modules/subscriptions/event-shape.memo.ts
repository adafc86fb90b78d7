/**
 * A live event is rendered once per group (principal, document, filter) and a burst of them for every group at once:
 * its GraphQL shape, which depends on the record alone, is built once per record instead of once per group. Bounded
 * (cleared when `max` records are held): the embedded event log keeps records for their whole retention, and their
 * mapped shapes must not live that long. The shapes are shared: resolvers only read them.
 */
export function oncePerRecord<R extends object, T>(map: (record: R) => T, max = 1_024): (record: R) => T {
  const shapes = new Map<R, T>();
  return (record) => {
    let shape = shapes.get(record);
    if (shape === undefined) {
      shape = map(record);
      if (shapes.size >= max) shapes.clear();
      shapes.set(record, shape);
    }
    return shape;
  };
}
