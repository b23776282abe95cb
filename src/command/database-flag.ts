// `--db`, for the commands that work on a local portal's database file rather than through its API.
import * as z from 'zod';
import { flag } from './define.js';

export const databaseFlag = () => ({
  db: flag(
    '--db <path>',
    'the database file of the local portal (default: portal.db in your data directory)',
    z.string().min(1).optional(),
  ),
});
