import { HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzUploadFile, NzUploadModule } from 'ng-zorro-antd/upload';
import { Subscription } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { IngestKind, Run } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { blobErrorMessage, saveServerFile } from '../../../shared/server-files';
import { FileInputTestId } from '../components/file-input-test-id';
import { RunProgress } from '../components/run-progress';
import { RunResult } from '../components/run-result';
import { HospitalOptions } from '../data-access/hospital-options';
import { IngestApi } from '../data-access/ingest-api';
import { RUN_STATUS_COLORS, RUN_STATUS_LABELS, formatBytes, isActiveRun } from '../data-access/ingest-labels';
import { pollRun } from '../data-access/run-polling';
import { UPLOAD_ACCEPT, uploadErrorMessage, uploadFileProblem } from '../data-access/upload-file';

/** idle: pick a file; uploading: bytes on their way; processing: the server reads them; done: the outcome. */
type Phase = 'idle' | 'uploading' | 'processing' | 'done';

/**
 * 数据上传: a hospital's 病案首页 as CSV or XLSX. The file goes up with progress, then the run is
 * followed every second until the server has read, checked and loaded it.
 */
@Component({
  selector: 'app-upload-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzGridModule,
    NzIconModule,
    NzProgressModule,
    NzSelectModule,
    NzTagModule,
    NzUploadModule,
    FileInputTestId,
    RunProgress,
    RunResult,
  ],
  providers: [HospitalOptions],
  templateUrl: './upload-page.html',
  styleUrl: './upload-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadPage {
  private readonly api = inject(IngestApi);
  private readonly auth = inject(AuthService);
  private readonly message = inject(NzMessageService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly hospitals = inject(HospitalOptions);

  protected readonly accept = UPLOAD_ACCEPT;
  protected readonly kind: IngestKind = 'discharge_records';
  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly formatBytes = formatBytes;

  /** A user of a hospital uploads for that hospital only: the select shows it and cannot change. */
  protected readonly locked = computed(() => this.hospitals.own() !== null);
  protected readonly canReadRuns = computed(() => this.auth.permissions().includes('ingest:read'));

  protected readonly orgCode = signal<string | null>(null);
  protected readonly file = signal<File | null>(null);
  protected readonly phase = signal<Phase>('idle');
  protected readonly uploadPercent = signal(0);
  protected readonly uploadedBytes = signal(0);
  protected readonly runId = signal<string | null>(null);
  protected readonly run = signal<Run | null>(null);
  protected readonly uploadError = signal<string | null>(null);
  protected readonly pollError = signal<string | null>(null);
  protected readonly downloadingTemplate = signal(false);

  protected readonly busy = computed(() => this.phase() === 'uploading' || this.phase() === 'processing');
  protected readonly canStart = computed(() => !!this.file() && !!this.orgCode() && !this.busy());
  private polling?: Subscription;

  constructor() {
    this.hospitals.load();
    const own = this.hospitals.own();
    if (own) this.orgCode.set(own.code);
    // A center that supervises a single hospital has nothing to choose.
    effect(() => {
      const options = this.hospitals.options();
      if (options.length === 1 && !untracked(this.orgCode)) this.orgCode.set(options[0].code);
    });
  }

  /** nz-upload hands over the picked or dropped file; keep it, upload only on 开始上传. */
  protected readonly beforeUpload = (picked: NzUploadFile): boolean => {
    // nz-upload passes the browser's File itself (with a uid added).
    const file = picked as unknown as File;
    const problem = uploadFileProblem(file);
    if (problem) {
      this.message.error(problem);
    } else {
      this.file.set(file);
      this.uploadError.set(null);
      if (this.phase() === 'done') this.phase.set('idle');
    }
    return false;
  };

  protected clearFile(): void {
    this.file.set(null);
    this.uploadError.set(null);
  }

  protected start(): void {
    const file = this.file();
    const org = this.orgCode();
    if (!file || !org || this.busy()) return;
    this.uploadError.set(null);
    this.pollError.set(null);
    this.run.set(null);
    this.runId.set(null);
    this.uploadPercent.set(0);
    this.uploadedBytes.set(0);
    this.phase.set('uploading');
    this.api
      .upload(file, this.kind, org)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            const total = event.total ?? file.size;
            this.uploadedBytes.set(event.loaded);
            this.uploadPercent.set(total ? Math.min(100, Math.floor((event.loaded / total) * 100)) : 0);
          } else if (event.type === HttpEventType.Response && event.body) {
            this.uploadPercent.set(100);
            this.follow(event.body.runId);
          }
        },
        error: (error: unknown) => {
          this.phase.set('idle');
          this.uploadError.set(uploadErrorMessage(error));
        },
      });
  }

  /** Polls the run until it has finished; a lost connection can be retried with 刷新状态. */
  protected follow(runId: string): void {
    this.runId.set(runId);
    this.pollError.set(null);
    this.phase.set('processing');
    this.polling?.unsubscribe();
    this.polling = pollRun(() => this.api.run(runId))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (run) => {
          this.run.set(run);
          if (!isActiveRun(run.status)) {
            this.phase.set('done');
            // The same file again would load the same rows twice.
            this.file.set(null);
          }
        },
        error: (error: unknown) => this.pollError.set(toApiError(error).message),
      });
  }

  protected retryPolling(): void {
    const runId = this.runId();
    if (runId) this.follow(runId);
  }

  /** Back to picking a file; the organization stays. */
  protected reset(): void {
    this.polling?.unsubscribe();
    this.phase.set('idle');
    this.run.set(null);
    this.runId.set(null);
    this.file.set(null);
    this.uploadError.set(null);
    this.pollError.set(null);
  }

  protected downloadTemplate(): void {
    this.downloadingTemplate.set(true);
    this.api.template().subscribe({
      next: (response) => {
        this.downloadingTemplate.set(false);
        saveServerFile(response, '病案首页导入模板.xlsx');
      },
      error: async (error: unknown) => {
        this.downloadingTemplate.set(false);
        this.message.error(await blobErrorMessage(error));
      },
    });
  }
}
