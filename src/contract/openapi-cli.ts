// `npm run openapi`: prints the generated OpenAPI document (committed as openapi.json).
import { VERSION } from '../version.js';
import { buildOpenApi } from './openapi.js';

process.stdout.write(`${JSON.stringify(buildOpenApi(VERSION), null, 2)}\n`);
