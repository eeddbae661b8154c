import { Routes } from '@angular/router';
import {
  ArrowDownOutline,
  ArrowUpOutline,
  ClockCircleOutline,
  FundOutline,
  LineChartOutline,
  RightOutline,
  WarningOutline,
} from '@ant-design/icons-angular/icons';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { provideEchartsCore } from 'ngx-echarts';
import { permissionGuard } from '../../core/auth/guards';

// Only what these pages draw, so the chunk stays small.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** Icons only these pages use, kept out of the first load. */
export const ANALYTICS_ICONS = [
  ArrowDownOutline,
  ArrowUpOutline,
  ClockCircleOutline,
  FundOutline,
  LineChartOutline,
  RightOutline,
  WarningOutline,
];

const TITLE = ' - 柳州市医疗质控中心管理平台';

/** 统计分析: the city overview, the indicator explorer, completion rates and the not-submitted monitor. */
export const ANALYTICS_ROUTES: Routes = [
  {
    path: '',
    providers: [provideNzIconsPatch(ANALYTICS_ICONS), provideEchartsCore({ echarts })],
    canActivate: [permissionGuard],
    data: { permission: 'analytics:read' },
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      {
        path: 'overview',
        title: '全市总览' + TITLE,
        loadComponent: () => import('./pages/overview-page').then((m) => m.OverviewPage),
      },
      {
        path: 'explorer',
        title: '指标分析' + TITLE,
        loadComponent: () => import('./pages/explorer-page').then((m) => m.ExplorerPage),
      },
      {
        path: 'completion',
        title: '工作完成率' + TITLE,
        loadComponent: () => import('./pages/completion-page').then((m) => m.CompletionPage),
      },
      {
        path: 'monitor',
        title: '上报监测' + TITLE,
        loadComponent: () => import('./pages/monitor-page').then((m) => m.MonitorPage),
      },
    ],
  },
];
