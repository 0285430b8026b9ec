import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  type EndpointInput,
  type EndpointOutput,
  endpoint,
  endpointRef,
  endpointUrl,
  fillPath,
  queryString,
  refOf,
} from '../../contracts/endpoint.js';
import type { memberApi } from '../../contracts/member.js';
import { orgApi } from '../../contracts/org.js';
import type { call } from './call.js';
import type { orgApi as orgRefs } from './endpoints.js';

describe('the endpoint table', () => {
  it('fills path parameters URL-encoded and refuses a missing one', () => {
    expect(fillPath('/orgs/:id/move', { id: 7 })).toBe('/orgs/7/move');
    expect(fillPath('/months/:month/peer/:rated', { month: '2026-11', rated: 'a/b' })).toBe(
      '/months/2026-11/peer/a%2Fb',
    );
    expect(() => fillPath('/orgs/:id', {})).toThrow(/missing path parameter id/);
  });

  it('writes a query string leaving out what is unset, repeating arrays', () => {
    expect(queryString(undefined)).toBe('');
    expect(queryString({ a: undefined, b: null })).toBe('');
    expect(queryString({ tree: 'unit', page: 2, flag: false, ids: [1, 2] })).toBe(
      '?tree=unit&page=2&flag=false&ids=1&ids=2',
    );
    expect(queryString({ q: '王 小明&' })).toBe('?q=%E7%8E%8B+%E5%B0%8F%E6%98%8E%26');
  });

  it('builds the URL of a declared endpoint', () => {
    expect(endpointUrl(orgApi.list, { query: { tree: 'party', includeInactive: 'true' } })).toBe(
      '/orgs?tree=party&includeInactive=true',
    );
    expect(endpointUrl(orgApi.update, { params: { id: 42 } })).toBe('/orgs/42');
  });

  it('makes a wrong path, param, query or body a type error', () => {
    // A params schema that disagrees with the path does not compile.
    // @ts-expect-error the path has :id but no params schema
    endpoint({ method: 'GET', path: '/x/:id', summary: '', tags: [], response: z.object({}) });
    // @ts-expect-error params names a parameter the path lacks
    endpoint({
      method: 'GET',
      path: '/x/:id',
      summary: '',
      tags: [],
      params: z.object({ id: z.string(), other: z.string() }),
      response: z.object({}),
    });
    endpoint({
      method: 'GET',
      path: '/x/:id',
      summary: '',
      tags: [],
      params: idParam,
      response: z.object({}),
    });

    const okInput: EndpointInput<typeof orgApi.update> = { params: { id: 1 }, body: { name: 'x' } };
    // @ts-expect-error body field that does not exist
    const badBody: EndpointInput<typeof orgApi.update> = { params: { id: 1 }, body: { nmae: 'x' } };
    // @ts-expect-error params are required for a path with :id
    const noParams: EndpointInput<typeof orgApi.update> = { body: {} };
    // @ts-expect-error an unknown query value
    const badQuery: EndpointInput<typeof orgApi.list> = { query: { tree: 'forest' } };
    const page: EndpointInput<typeof memberApi.list> = { query: { page: 2, pageSize: '50', status: 'full' } };
    // @ts-expect-error a coerced query field takes its type or text, nothing else
    const badPage: EndpointInput<typeof memberApi.list> = { query: { page: { n: 2 } } };
    const out: EndpointOutput<typeof orgApi.get> = {
      id: 1,
      tree: 'party',
      kind: 'branch',
      code: 'B',
      name: 'n',
      parentId: null,
      sortOrder: 0,
      activeFrom: '2026-01-01',
      activeTo: null,
      linkedUnitId: null,
      memberCount: 0,
    };
    // @ts-expect-error the reply has no such field
    void out.nmae;
    expect([okInput, badBody, noParams, badQuery, page, badPage].length).toBe(6);
  });

  it("types a call through the web's ref (no schemas at run time) as through the declaration", () => {
    const ok: Parameters<typeof call<typeof orgRefs.update>>[1] = { params: { id: 1 }, body: { name: 'x' } };
    type UpdateInput = Parameters<typeof call<typeof orgRefs.update>>[1];
    // @ts-expect-error a misspelt body field through the ref
    const badBody: UpdateInput = { params: { id: 1 }, body: { nmae: 'x' } };
    // @ts-expect-error an unknown query value through the ref
    const badQuery: Parameters<typeof call<typeof orgRefs.list>>[1] = { query: { tree: 'forest' } };
    const reply: EndpointOutput<typeof orgRefs.get> | undefined = undefined;
    // @ts-expect-error the reply has no such field
    void reply?.nmae;
    // @ts-expect-error a ref's path must be its declaration's
    const wrongPath = endpointRef<typeof orgApi.get>('GET', '/org/:id');
    // @ts-expect-error an idempotent declaration's ref must say so
    const notIdempotent = endpointRef<typeof orgApi.create>('POST', '/orgs');
    expect(endpointRef<typeof orgApi.create>('POST', '/orgs', { idempotent: true })).toEqual(
      refOf(orgApi.create),
    );
    expect([ok, badBody, badQuery, wrongPath, notIdempotent].length).toBe(5);
  });
});
