import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { silentErrors } from '../../../core/http/http-context';
import { toQueryParams } from '../../../shared/query-params';
import {
  FormulaCheck,
  IndicatorDefinition,
  IndicatorDetail,
  IndicatorList,
  IndicatorPayload,
  IndicatorQuery,
} from './indicator-models';

/** The /api/indicators routes (指标库). */
@Injectable({ providedIn: 'root' })
export class IndicatorsApi {
  private readonly http = inject(HttpClient);

  list(query: IndicatorQuery): Observable<IndicatorList> {
    return this.http.get<IndicatorList>('/api/indicators', { params: toQueryParams(query) });
  }

  get(code: string): Observable<IndicatorDetail> {
    return this.http.get<IndicatorDetail>(`/api/indicators/${encodeURIComponent(code)}`);
  }

  version(code: string, version: number): Observable<IndicatorDefinition> {
    return this.http.get<IndicatorDefinition>(
      `/api/indicators/${encodeURIComponent(code)}/versions/${version}`,
    );
  }

  /** A custom indicator; the caller shows FORMULA_INVALID issues next to the formula. */
  create(payload: IndicatorPayload): Observable<IndicatorDetail> {
    return this.http.post<IndicatorDetail>('/api/indicators', payload, { context: silentErrors() });
  }

  /** A new version of an existing indicator (body without `code`). */
  createVersion(code: string, payload: IndicatorPayload): Observable<IndicatorDetail> {
    const { code: _code, ...body } = payload;
    return this.http.post<IndicatorDetail>(`/api/indicators/${encodeURIComponent(code)}/versions`, body, {
      context: silentErrors(),
    });
  }

  /** Checks a formula as it is typed; silent, the editor says when the check itself failed. */
  checkFormula(formula: string, variables?: string[], unit?: string | null, code?: string | null): Observable<FormulaCheck> {
    const body: { formula: string; variables?: string[]; unit?: string; code?: string } = { formula };
    if (variables?.length) body.variables = [...new Set(variables)];
    if (unit) body.unit = unit;
    // The indicator's own code lets the checker refuse a formula that refers back to it.
    if (code) body.code = code;
    return this.http.post<FormulaCheck>('/api/indicators/check-formula', body, { context: silentErrors() });
  }
}
