import { Routes } from '@angular/router';

/** Being built. */
export const ANALYTICS_ROUTES: Routes = [];
