import { describe, expect, expectTypeOf, it } from 'vitest';
import type { EndpointInput } from '../../../contracts/endpoint.js';
import type { filesApi } from '../../../contracts/files.js';
import type { importEndpoints } from '../../../contracts/io.js';
import { fileUrl } from './api.js';

describe('evidence files through the endpoint table', () => {
  it('reads a stored file at its declared path', () => {
    expect(fileUrl(42)).toBe('/api/v1/files/42');
  });

  it('asks an upload for no body: the client builds the multipart form from the file', () => {
    expectTypeOf<EndpointInput<typeof filesApi.upload>>().toEqualTypeOf<
      { params?: undefined } & { query?: undefined } & { body?: undefined }
    >();
    expectTypeOf<EndpointInput<typeof importEndpoints.members.commit>['body']>().toEqualTypeOf<undefined>();
    // Other endpoints still need what they declare.
    // @ts-expect-error the :id parameter is required
    const noBody: EndpointInput<typeof filesApi.meta> = {};
    expect(noBody).toEqual({});
  });
});
