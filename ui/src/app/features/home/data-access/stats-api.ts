import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { StatsOverview } from '../../../core/api/models';

/** GET /api/stats/overview. */
@Injectable({ providedIn: 'root' })
export class StatsApi {
  private readonly http = inject(HttpClient);

  /** Counts within the signed-in user's data scope. */
  overview(): Observable<StatsOverview> {
    return this.http.get<StatsOverview>('/api/stats/overview');
  }
}
