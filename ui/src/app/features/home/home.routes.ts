import { Routes } from '@angular/router';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { provideEchartsCore } from 'ngx-echarts';

// Only what the overview chart draws, so the home chunk stays small.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const HOME_ROUTES: Routes = [
  {
    path: '',
    title: '首页 - 柳州市医疗质控中心管理平台',
    providers: [provideEchartsCore({ echarts })],
    loadComponent: () => import('./pages/home-page').then((m) => m.HomePage),
  },
];
