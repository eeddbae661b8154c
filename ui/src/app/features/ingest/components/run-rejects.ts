import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzTableModule } from 'ng-zorro-antd/table';
import { Run } from '../../../core/api/models';
import { blobErrorMessage, saveServerFile } from '../../../shared/server-files';
import { IngestApi } from '../data-access/ingest-api';

/** The rows a run refused (the first 1000), with the full list as the server's .xlsx. */
@Component({
  selector: 'app-run-rejects',
  imports: [DecimalPipe, NzTableModule, NzButtonModule, NzIconModule],
  template: `
    <div class="rejects-header">
      <span class="rejects-title">
        拒收明细
        <span class="muted">
          @if (run().rowsRejected > run().rejects.length) {
            （显示前 {{ run().rejects.length | number }} 条，共 {{ run().rowsRejected | number }} 条）
          } @else {
            （共 {{ run().rowsRejected | number }} 条）
          }
        </span>
      </span>
      <button nz-button data-testid="rejects-download" [nzLoading]="downloading()" (click)="download()">
        <nz-icon nzType="file-excel" />下载拒收明细
      </button>
    </div>
    <nz-table
      #table
      data-testid="rejects-table"
      nzSize="small"
      [nzData]="run().rejects"
      [nzPageSize]="pageSize()"
      [nzShowSizeChanger]="false"
      [nzHideOnSinglePage]="true"
      nzNoResult="没有可显示的拒收行，请下载拒收明细查看"
    >
      <thead>
        <tr>
          <th nzWidth="72px">行号</th>
          <th nzWidth="120px">字段</th>
          <th>原因</th>
        </tr>
      </thead>
      <tbody>
        @for (r of table.data; track $index) {
          <tr>
            <td>{{ r.row }}</td>
            <td class="field">{{ r.field || '—' }}</td>
            <td class="reason">{{ r.message }}</td>
          </tr>
        }
      </tbody>
    </nz-table>
  `,
  styles: `
    .rejects-header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 8px;
    }
    .rejects-title {
      font-weight: 600;
    }
    .rejects-title .muted {
      font-weight: normal;
    }
    .field,
    .reason {
      word-break: break-word;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunRejects {
  private readonly api = inject(IngestApi);
  private readonly message = inject(NzMessageService);

  readonly run = input.required<Run>();
  /** Rows per page of the table. */
  readonly pageSize = input(10);

  protected readonly downloading = signal(false);
  protected readonly fallbackName = computed(() => `拒收明细-${this.run().runId}.xlsx`);

  protected download(): void {
    this.downloading.set(true);
    this.api.rejectsFile(this.run().runId).subscribe({
      next: (response) => {
        this.downloading.set(false);
        saveServerFile(response, this.fallbackName());
      },
      error: async (error: unknown) => {
        this.downloading.set(false);
        this.message.error(await blobErrorMessage(error));
      },
    });
  }
}
