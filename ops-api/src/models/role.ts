import { BaseModel } from './base.js';

export class Role extends BaseModel {
  static override tableName = 'roles';
  static override idColumn = 'code';

  code!: string;
  name!: string;
  description!: string;
  builtin!: boolean;
}
