import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** Root component: everything else is routed. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
})
export class App {}
