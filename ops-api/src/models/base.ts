import { Model, snakeCaseMappers } from 'objection';

/** Models map snake_case columns to camelCase properties. */
export class BaseModel extends Model {
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }
}
