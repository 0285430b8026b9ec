export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of a list: the total from `count` and the rows of the page from `rows`. Repos build
 * both from one filtered base query so the two always agree.
 */
export async function paginate<T>(
  page: number,
  pageSize: number,
  count: () => Promise<number>,
  rows: (limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const [total, items] = await Promise.all([count(), rows(pageSize, (page - 1) * pageSize)]);
  return { items, total, page, pageSize };
}
