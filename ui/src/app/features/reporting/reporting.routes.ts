import { Routes } from '@angular/router';

/** Being built. */
export const REPORTING_ROUTES: Routes = [];
