import { endpointUrl } from '../../../contracts/endpoint.js';
import { callUpload } from '../../api/call.js';
import { API_BASE } from '../../api/client.js';
import { filesApi } from '../../api/endpoints.js';

/** Uploads one evidence file for an organisation; `orgId` goes before the file, as the server reads it first. */
export function uploadEvidence(orgId: number, file: File) {
  return callUpload(filesApi.upload, {}, file, file.name, { fields: { orgId: String(orgId) } });
}

/** Where a stored file is read (a link or an image source; the session cookie goes with it). */
export const fileUrl = (id: number) => `${API_BASE}${endpointUrl(filesApi.content, { params: { id } })}`;
