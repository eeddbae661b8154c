import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzStatisticModule } from 'ng-zorro-antd/statistic';
import { toApiError } from '../../../core/api/api-error';
import { StatsOverview } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { ChartBar, OverviewChart } from '../components/overview-chart';
import { StatsApi } from '../data-access/stats-api';

interface StatCard {
  key: keyof StatsOverview;
  label: string;
  icon: string;
  color: string;
}

const CARDS: StatCard[] = [
  { key: 'qcCenters', label: '质控中心', icon: 'safety-certificate', color: '#722ed1' },
  { key: 'hospitals', label: '医疗机构', icon: 'bank', color: '#1677ff' },
  { key: 'departments', label: '科室', icon: 'medicine-box', color: '#13c2c2' },
  { key: 'users', label: '用户', icon: 'team', color: '#fa8c16' },
  { key: 'activeUsers', label: '活跃用户', icon: 'user', color: '#52c41a' },
];

/** Overview counts within the user's scope, as cards and a bar chart. */
@Component({
  selector: 'app-home-page',
  imports: [
    NzCardModule,
    NzGridModule,
    NzStatisticModule,
    NzIconModule,
    NzSkeletonModule,
    NzResultModule,
    NzButtonModule,
    OverviewChart,
  ],
  templateUrl: './home-page.html',
  styleUrl: './home-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  private readonly api = inject(StatsApi);
  protected readonly me = inject(AuthService).me;
  protected readonly cards = CARDS;
  protected readonly stats = signal<StatsOverview | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly bars = computed<ChartBar[]>(() => {
    const stats = this.stats();
    return stats ? CARDS.map((c) => ({ label: c.label, value: stats[c.key] })) : [];
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.error.set(null);
    this.api.overview().subscribe({
      next: (stats) => this.stats.set(stats),
      error: (e: unknown) => this.error.set(toApiError(e).message),
    });
  }
}
