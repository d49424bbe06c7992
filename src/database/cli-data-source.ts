// The data source the TypeORM CLI uses (`npm run migration:run|revert`), built from the
// same environment as the service. It needs DATABASE_URL (the embedded database runs inside the service).
import 'reflect-metadata';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must point at a Postgres for the migration commands');

export default new DataSource({
  type: 'postgres',
  url,
  entities: [join(dirname(fileURLToPath(import.meta.url)), '..', '**', '*.entity.js')],
  migrations,
  namingStrategy: new SnakeNamingStrategy(),
});
