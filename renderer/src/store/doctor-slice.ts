// The toolchain doctor's last report.
import type { DoctorReport } from '../../../shared/api/doctor-service';
import type { SliceCreator } from './types';

export interface DoctorSlice {
  doctor: DoctorReport | null;
  doctorChecking: boolean;
  checkToolchains(refresh?: boolean): Promise<void>;
}

export const createDoctorSlice: SliceCreator<DoctorSlice> = ({ api }) => (set, get) => ({
  doctor: null,
  doctorChecking: false,
  async checkToolchains(refresh) {
    set({ doctorChecking: true });
    try {
      set({ doctor: await api.doctor.check(refresh ? { refresh: true } : undefined) });
    } catch (e) {
      get().notifyError(e, 'Toolchain check failed');
    } finally {
      set({ doctorChecking: false });
    }
  },
});
