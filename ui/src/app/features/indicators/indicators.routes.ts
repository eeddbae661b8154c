import { Routes } from '@angular/router';

/** Being built. */
export const INDICATORS_ROUTES: Routes = [];
