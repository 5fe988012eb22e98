/* SPDX-License-Identifier: MIT */
/* ostat/process.h: processes (psutil pids(), pid_exists() and the Process
 * class). Snapshot struct rules: see ostat/cpu.h. */
#ifndef OSTAT_PROCESS_H
#define OSTAT_PROCESS_H

#include "common.h"
#include "list.h"

/** A handle on one process, whose identity is (pid, start time). */
typedef struct ostat_proc ostat_proc;

/* Process states (psutil's ProcessStatus), from the letter in
 * /proc/PID/stat on Linux. */
#define OSTAT_STATUS_UNKNOWN 0 /**< a letter ostat does not know: "?" */
#define OSTAT_STATUS_RUNNING 1
#define OSTAT_STATUS_SLEEPING 2
#define OSTAT_STATUS_DISK_SLEEP 3
#define OSTAT_STATUS_STOPPED 4
#define OSTAT_STATUS_TRACING_STOP 5
#define OSTAT_STATUS_ZOMBIE 6
#define OSTAT_STATUS_DEAD 7
#define OSTAT_STATUS_WAKE_KILL 8
#define OSTAT_STATUS_WAKING 9
#define OSTAT_STATUS_IDLE 10
#define OSTAT_STATUS_PARKED 11
#define OSTAT_STATUS_LOCKED 12
#define OSTAT_STATUS_WAITING 13
#define OSTAT_STATUS_SUSPENDED 14

/** A process's user and group ids (psutil's puids and pgids). */
struct ostat_proc_ids {
    uint32_t size;
    uint64_t valid;
    int64_t real;
    int64_t effective;
    int64_t saved;
};

#define OSTAT_PROC_IDS_REAL OSTAT_BIT(0)
#define OSTAT_PROC_IDS_EFFECTIVE OSTAT_BIT(1)
#define OSTAT_PROC_IDS_SAVED OSTAT_BIT(2)
#define OSTAT_PROC_IDS_INIT                                                    \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_ids), 0, 0, 0, 0                    \
    }

/** CPU time in seconds (psutil's pcputimes). */
struct ostat_proc_cpu_times {
    uint32_t size;
    uint64_t valid;
    double user;
    double system;
    double children_user;
    double children_system;
    double iowait; /**< time blocked on block I/O (delay accounting) */
};

#define OSTAT_PROC_CPU_TIMES_USER OSTAT_BIT(0)
#define OSTAT_PROC_CPU_TIMES_SYSTEM OSTAT_BIT(1)
#define OSTAT_PROC_CPU_TIMES_CHILDREN_USER OSTAT_BIT(2)
#define OSTAT_PROC_CPU_TIMES_CHILDREN_SYSTEM OSTAT_BIT(3)
#define OSTAT_PROC_CPU_TIMES_IOWAIT OSTAT_BIT(4)
#define OSTAT_PROC_CPU_TIMES_INIT                                              \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_cpu_times), 0, 0, 0, 0, 0, 0        \
    }

/**
 * Memory in bytes (psutil's pmem and pmem_ex): the first five fields are
 * memory_info(), all of them memory_info_ex().
 */
struct ostat_proc_memory_info {
    uint32_t size;
    uint64_t valid;
    uint64_t rss;
    uint64_t vms;
    uint64_t shared; /**< resident pages backed by a file */
    uint64_t text;
    uint64_t data; /**< data + stack */
    uint64_t peak_rss;
    uint64_t peak_vms;
    uint64_t rss_anon;
    uint64_t rss_file;
    uint64_t rss_shmem;
    uint64_t swap;
    uint64_t hugetlb;
};

#define OSTAT_PROC_MEMORY_INFO_RSS OSTAT_BIT(0)
#define OSTAT_PROC_MEMORY_INFO_VMS OSTAT_BIT(1)
#define OSTAT_PROC_MEMORY_INFO_SHARED OSTAT_BIT(2)
#define OSTAT_PROC_MEMORY_INFO_TEXT OSTAT_BIT(3)
#define OSTAT_PROC_MEMORY_INFO_DATA OSTAT_BIT(4)
#define OSTAT_PROC_MEMORY_INFO_PEAK_RSS OSTAT_BIT(5)
#define OSTAT_PROC_MEMORY_INFO_PEAK_VMS OSTAT_BIT(6)
#define OSTAT_PROC_MEMORY_INFO_RSS_ANON OSTAT_BIT(7)
#define OSTAT_PROC_MEMORY_INFO_RSS_FILE OSTAT_BIT(8)
#define OSTAT_PROC_MEMORY_INFO_RSS_SHMEM OSTAT_BIT(9)
#define OSTAT_PROC_MEMORY_INFO_SWAP OSTAT_BIT(10)
#define OSTAT_PROC_MEMORY_INFO_HUGETLB OSTAT_BIT(11)
#define OSTAT_PROC_MEMORY_INFO_INIT                                            \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_memory_info), 0, 0, 0, 0, 0, 0, 0,  \
            0, 0, 0, 0, 0, 0                                                   \
    }

/** Memory a process alone accounts for, in bytes (psutil's pfootprint). */
struct ostat_proc_memory_footprint {
    uint32_t size;
    uint64_t valid;
    uint64_t uss; /**< private pages: what exiting would free */
    uint64_t pss; /**< resident pages, shared ones divided among sharers */
    uint64_t swap;
};

#define OSTAT_PROC_MEMORY_FOOTPRINT_USS OSTAT_BIT(0)
#define OSTAT_PROC_MEMORY_FOOTPRINT_PSS OSTAT_BIT(1)
#define OSTAT_PROC_MEMORY_FOOTPRINT_SWAP OSTAT_BIT(2)
#define OSTAT_PROC_MEMORY_FOOTPRINT_INIT                                       \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_memory_footprint), 0, 0, 0, 0       \
    }

/** Page faults since the process started (psutil's ppagefaults). */
struct ostat_proc_page_faults {
    uint32_t size;
    uint64_t valid;
    uint64_t minor;
    uint64_t major;
};

#define OSTAT_PROC_PAGE_FAULTS_MINOR OSTAT_BIT(0)
#define OSTAT_PROC_PAGE_FAULTS_MAJOR OSTAT_BIT(1)
#define OSTAT_PROC_PAGE_FAULTS_INIT                                            \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_page_faults), 0, 0, 0               \
    }

/** Context switches since the process started (psutil's pctxsw). */
struct ostat_proc_ctx_switches {
    uint32_t size;
    uint64_t valid;
    uint64_t voluntary;
    uint64_t involuntary;
};

#define OSTAT_PROC_CTX_SWITCHES_VOLUNTARY OSTAT_BIT(0)
#define OSTAT_PROC_CTX_SWITCHES_INVOLUNTARY OSTAT_BIT(1)
#define OSTAT_PROC_CTX_SWITCHES_INIT                                           \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_ctx_switches), 0, 0, 0              \
    }

/** I/O since the process started (psutil's pio). */
struct ostat_proc_io_counters {
    uint32_t size;
    uint64_t valid;
    uint64_t read_count;  /**< read syscalls */
    uint64_t write_count; /**< write syscalls */
    uint64_t read_bytes;  /**< bytes fetched from storage */
    uint64_t write_bytes; /**< bytes sent to storage */
    uint64_t read_chars;  /**< bytes passed to read syscalls */
    uint64_t write_chars; /**< bytes passed to write syscalls */
};

#define OSTAT_PROC_IO_COUNTERS_READ_COUNT OSTAT_BIT(0)
#define OSTAT_PROC_IO_COUNTERS_WRITE_COUNT OSTAT_BIT(1)
#define OSTAT_PROC_IO_COUNTERS_READ_BYTES OSTAT_BIT(2)
#define OSTAT_PROC_IO_COUNTERS_WRITE_BYTES OSTAT_BIT(3)
#define OSTAT_PROC_IO_COUNTERS_READ_CHARS OSTAT_BIT(4)
#define OSTAT_PROC_IO_COUNTERS_WRITE_CHARS OSTAT_BIT(5)
#define OSTAT_PROC_IO_COUNTERS_INIT                                            \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_io_counters), 0, 0, 0, 0, 0, 0, 0   \
    }

/** A thread of a process (psutil's pthread). */
struct ostat_proc_thread {
    uint32_t size;
    uint64_t valid;
    ostat_pid_t id;
    double user_time;
    double system_time;
};

#define OSTAT_PROC_THREAD_ID OSTAT_BIT(0)
#define OSTAT_PROC_THREAD_USER_TIME OSTAT_BIT(1)
#define OSTAT_PROC_THREAD_SYSTEM_TIME OSTAT_BIT(2)
#define OSTAT_PROC_THREAD_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_thread), 0, 0, 0, 0                 \
    }

/** An environment variable of a process. Strings belong to the list. */
struct ostat_proc_environ_var {
    uint32_t size;
    uint64_t valid;
    const char *name;
    const char *value;
};

#define OSTAT_PROC_ENVIRON_VAR_NAME OSTAT_BIT(0)
#define OSTAT_PROC_ENVIRON_VAR_VALUE OSTAT_BIT(1)
#define OSTAT_PROC_ENVIRON_VAR_INIT                                            \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_environ_var), 0, 0, 0               \
    }

/** I/O scheduling (psutil's pionice); classes OSTAT_IOPRIO_CLASS_*. */
struct ostat_proc_ionice {
    uint32_t size;
    uint64_t valid;
    int32_t ioclass;
    int32_t value; /**< 0 (highest) to 7 within the class */
};

#define OSTAT_PROC_IONICE_IOCLASS OSTAT_BIT(0)
#define OSTAT_PROC_IONICE_VALUE OSTAT_BIT(1)
#define OSTAT_PROC_IONICE_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_ionice), 0, 0, 0                    \
    }

#define OSTAT_IOPRIO_CLASS_NONE 0
#define OSTAT_IOPRIO_CLASS_RT 1
#define OSTAT_IOPRIO_CLASS_BE 2
#define OSTAT_IOPRIO_CLASS_IDLE 3

/* Resource limits (psutil's RLIMIT_*), with Linux's generic numbering. */
#define OSTAT_RLIMIT_CPU 0
#define OSTAT_RLIMIT_FSIZE 1
#define OSTAT_RLIMIT_DATA 2
#define OSTAT_RLIMIT_STACK 3
#define OSTAT_RLIMIT_CORE 4
#define OSTAT_RLIMIT_RSS 5
#define OSTAT_RLIMIT_NPROC 6
#define OSTAT_RLIMIT_NOFILE 7
#define OSTAT_RLIMIT_MEMLOCK 8
#define OSTAT_RLIMIT_AS 9
#define OSTAT_RLIMIT_LOCKS 10
#define OSTAT_RLIMIT_SIGPENDING 11
#define OSTAT_RLIMIT_MSGQUEUE 12
#define OSTAT_RLIMIT_NICE 13
#define OSTAT_RLIMIT_RTPRIO 14
#define OSTAT_RLIMIT_RTTIME 15
/** A limit that is not set (psutil's RLIM_INFINITY). */
#define OSTAT_RLIM_INFINITY (-1)

/** A memory mapping (psutil's pmmap_ext; pmmap_grouped when grouped, where
 * addr_start, addr_end and perms are not valid). Sizes in bytes. Strings
 * belong to the list. */
struct ostat_proc_mmap {
    uint32_t size;
    uint64_t valid;
    const char *path; /**< the file, or "[anon]", "[heap]", "[stack]" ... */
    uint64_t addr_start;
    uint64_t addr_end;
    const char *perms; /**< e.g. "r-xp" */
    uint64_t rss;
    uint64_t vsize; /**< psutil's "size": the mapping's virtual size */
    uint64_t pss;
    uint64_t shared_clean;
    uint64_t shared_dirty;
    uint64_t private_clean;
    uint64_t private_dirty;
    uint64_t referenced;
    uint64_t anonymous;
    uint64_t swap;
};

#define OSTAT_PROC_MMAP_PATH OSTAT_BIT(0)
#define OSTAT_PROC_MMAP_ADDR_START OSTAT_BIT(1)
#define OSTAT_PROC_MMAP_ADDR_END OSTAT_BIT(2)
#define OSTAT_PROC_MMAP_PERMS OSTAT_BIT(3)
#define OSTAT_PROC_MMAP_RSS OSTAT_BIT(4)
#define OSTAT_PROC_MMAP_VSIZE OSTAT_BIT(5)
#define OSTAT_PROC_MMAP_PSS OSTAT_BIT(6)
#define OSTAT_PROC_MMAP_SHARED_CLEAN OSTAT_BIT(7)
#define OSTAT_PROC_MMAP_SHARED_DIRTY OSTAT_BIT(8)
#define OSTAT_PROC_MMAP_PRIVATE_CLEAN OSTAT_BIT(9)
#define OSTAT_PROC_MMAP_PRIVATE_DIRTY OSTAT_BIT(10)
#define OSTAT_PROC_MMAP_REFERENCED OSTAT_BIT(11)
#define OSTAT_PROC_MMAP_ANONYMOUS OSTAT_BIT(12)
#define OSTAT_PROC_MMAP_SWAP OSTAT_BIT(13)
#define OSTAT_PROC_MMAP_INIT                                                   \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_mmap), 0, 0, 0, 0, 0, 0, 0, 0, 0,   \
            0, 0, 0, 0, 0, 0                                                   \
    }

/** A regular file a process has open (psutil's popenfile). */
struct ostat_proc_open_file {
    uint32_t size;
    uint64_t valid;
    const char *path; /**< absolute */
    int32_t fd;
    uint64_t position; /**< the file offset */
    const char *mode;  /**< "r", "w", "a", "r+" or "a+" */
    int32_t flags;     /**< open(2) flags */
};

#define OSTAT_PROC_OPEN_FILE_PATH OSTAT_BIT(0)
#define OSTAT_PROC_OPEN_FILE_FD OSTAT_BIT(1)
#define OSTAT_PROC_OPEN_FILE_POSITION OSTAT_BIT(2)
#define OSTAT_PROC_OPEN_FILE_MODE OSTAT_BIT(3)
#define OSTAT_PROC_OPEN_FILE_FLAGS OSTAT_BIT(4)
#define OSTAT_PROC_OPEN_FILE_INIT                                              \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_proc_open_file), 0, 0, 0, 0, 0, 0        \
    }

/**
 * A cgroup v2 group's usage and limits (beyond psutil): from memory.current,
 * memory.max, memory.stat, memory.swap.current, cpu.stat, pids.current and
 * pids.max. A limit of "max" is OSTAT_CGROUP_UNLIMITED.
 */
struct ostat_cgroup {
    uint32_t size;
    uint64_t valid;
    uint64_t memory_current; /**< bytes */
    uint64_t memory_max;     /**< bytes */
    uint64_t memory_anon;    /**< memory.stat anon */
    uint64_t memory_file;    /**< memory.stat file */
    uint64_t memory_kernel;  /**< memory.stat kernel */
    uint64_t memory_shmem;   /**< memory.stat shmem */
    uint64_t swap_current;   /**< bytes */
    uint64_t cpu_usage;      /**< cpu.stat usage_usec, microseconds */
    uint64_t cpu_user;       /**< user_usec */
    uint64_t cpu_system;     /**< system_usec */
    uint64_t cpu_nr_periods;
    uint64_t cpu_nr_throttled;
    uint64_t cpu_throttled; /**< throttled_usec */
    uint64_t pids_current;
    uint64_t pids_max;
};

#define OSTAT_CGROUP_UNLIMITED UINT64_MAX
#define OSTAT_CGROUP_MEMORY_CURRENT OSTAT_BIT(0)
#define OSTAT_CGROUP_MEMORY_MAX OSTAT_BIT(1)
#define OSTAT_CGROUP_MEMORY_ANON OSTAT_BIT(2)
#define OSTAT_CGROUP_MEMORY_FILE OSTAT_BIT(3)
#define OSTAT_CGROUP_MEMORY_KERNEL OSTAT_BIT(4)
#define OSTAT_CGROUP_MEMORY_SHMEM OSTAT_BIT(5)
#define OSTAT_CGROUP_SWAP_CURRENT OSTAT_BIT(6)
#define OSTAT_CGROUP_CPU_USAGE OSTAT_BIT(7)
#define OSTAT_CGROUP_CPU_USER OSTAT_BIT(8)
#define OSTAT_CGROUP_CPU_SYSTEM OSTAT_BIT(9)
#define OSTAT_CGROUP_CPU_NR_PERIODS OSTAT_BIT(10)
#define OSTAT_CGROUP_CPU_NR_THROTTLED OSTAT_BIT(11)
#define OSTAT_CGROUP_CPU_THROTTLED OSTAT_BIT(12)
#define OSTAT_CGROUP_PIDS_CURRENT OSTAT_BIT(13)
#define OSTAT_CGROUP_PIDS_MAX OSTAT_BIT(14)
#define OSTAT_CGROUP_INIT                                                      \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_cgroup), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   \
            0, 0, 0, 0, 0, 0                                                   \
    }

/** An iterator over every process (psutil process_iter()). */
typedef struct ostat_proc_iter ostat_proc_iter;

/*
 * Fields for ostat_proc_iter_new(), named after psutil's attrs: each scan
 * reads, for each process, only the files these fields need.
 */
#define OSTAT_PF_PPID OSTAT_BIT(0)
#define OSTAT_PF_NAME OSTAT_BIT(1)
#define OSTAT_PF_EXE OSTAT_BIT(2)
#define OSTAT_PF_CMDLINE OSTAT_BIT(3)
#define OSTAT_PF_STATUS OSTAT_BIT(4)
#define OSTAT_PF_USERNAME OSTAT_BIT(5)
#define OSTAT_PF_UIDS OSTAT_BIT(6)
#define OSTAT_PF_GIDS OSTAT_BIT(7)
#define OSTAT_PF_CREATE_TIME OSTAT_BIT(8)
#define OSTAT_PF_CPU_TIMES OSTAT_BIT(9)
#define OSTAT_PF_CPU_PERCENT OSTAT_BIT(10)
#define OSTAT_PF_CPU_NUM OSTAT_BIT(11)
#define OSTAT_PF_MEMORY_INFO OSTAT_BIT(12)    /**< rss and vms */
#define OSTAT_PF_MEMORY_INFO_EX OSTAT_BIT(13) /**< every memory_info field */
#define OSTAT_PF_MEMORY_FOOTPRINT OSTAT_BIT(14)
#define OSTAT_PF_MEMORY_PERCENT OSTAT_BIT(15)
#define OSTAT_PF_NUM_THREADS OSTAT_BIT(16)
#define OSTAT_PF_NUM_FDS OSTAT_BIT(17)
#define OSTAT_PF_NUM_CTX_SWITCHES OSTAT_BIT(18)
#define OSTAT_PF_IO_COUNTERS OSTAT_BIT(19)
#define OSTAT_PF_NICE OSTAT_BIT(20)
#define OSTAT_PF_TERMINAL OSTAT_BIT(21)
#define OSTAT_PF_CWD OSTAT_BIT(22)
#define OSTAT_PF_PAGE_FAULTS OSTAT_BIT(23)
#define OSTAT_PF_CGROUP OSTAT_BIT(24)
#define OSTAT_PF_ALL (OSTAT_BIT(25) - 1)

OSTAT_BEGIN_DECLS

/**
 * The pids of all processes, ascending (psutil pids()): thread-group
 * leaders only, zombies included. Read elements with ostat_list_int64().
 * @param out receives a list to free with ostat_list_free().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.1
 */
OSTAT_API int ostat_pids(ostat_ctx *ctx, ostat_list **out);

/**
 * Whether a process with this pid exists (psutil pid_exists()): 1 or 0 in
 * *out. A thread id that is not its thread group's leader does not count;
 * pid 0 does not exist on Linux.
 * @return 0, OSTAT_EINVAL (NULL @p out, negative @p pid), OSTAT_EOS.
 * @since 1.1
 */
OSTAT_API int ostat_pid_exists(ostat_ctx *ctx, ostat_pid_t pid, int *out);

/**
 * Element @p index of a list of integers (pids, CPU numbers).
 * @since 1.1
 */
OSTAT_API int
ostat_list_int64(const ostat_list *list, size_t index, int64_t *out);

/**
 * Element @p index of a list of strings (a command line): the bytes and
 * their length, valid until the list is freed. @p len may be NULL.
 * @since 1.1
 */
OSTAT_API int ostat_list_string(const ostat_list *list,
                                size_t index,
                                const char **out,
                                size_t *len);

/**
 * Open a handle on process @p pid (psutil Process(pid)). The handle
 * remembers the process's start time: functions that act on the process
 * check that the pid still names the same process, and report
 * OSTAT_ENOPROC when it was reused. Getters read the process's files once
 * and keep what they read (psutil's oneshot) until ostat_proc_refresh().
 * The handle belongs to @p ctx's thread and must be freed before it.
 * @return 0, OSTAT_EINVAL (NULL, negative pid), OSTAT_ENOPROC (no such
 * process, also for pid 0 on Linux), OSTAT_EACCES, OSTAT_ENOMEM, OSTAT_EOS.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_open(ostat_ctx *ctx, ostat_pid_t pid, ostat_proc **out);

/**
 * Open a handle on the calling process (psutil Process()).
 * @since 1.1
 */
OSTAT_API int ostat_proc_open_self(ostat_ctx *ctx, ostat_proc **out);

/**
 * Free a handle. NULL is accepted.
 * @since 1.1
 */
OSTAT_API void ostat_proc_free(ostat_proc *proc);

/**
 * The handle's pid; -1 for NULL.
 * @since 1.1
 */
OSTAT_API ostat_pid_t ostat_proc_pid(const ostat_proc *proc);

/**
 * Forget what the handle has read, so the next getters read afresh.
 * @return 0, OSTAT_EINVAL.
 * @since 1.1
 */
OSTAT_API int ostat_proc_refresh(ostat_proc *proc);

/**
 * Whether the process is still the one the handle was opened on: 1 if it
 * runs (zombies included) with the same start time, 0 if it is gone or the
 * pid was reused.
 * @since 1.1
 */
OSTAT_API int ostat_proc_is_running(ostat_proc *proc, int *out);

/**
 * The process's name (psutil name()): the kernel's 15-byte comm, extended
 * to the full name from the command line when comm is truncated.
 * @param len in: size of @p buf; out: the length written, or on
 * OSTAT_EBUFS the size needed with the NUL.
 * @return 0, OSTAT_EINVAL, OSTAT_EBUFS, OSTAT_ENOPROC.
 * @since 1.1
 */
OSTAT_API int ostat_proc_name(ostat_proc *proc, char *buf, size_t *len);

/**
 * The executable's absolute path (psutil exe()); "" when the kernel does
 * not tell (kernel threads). Buffer rules as ostat_proc_name().
 * @return 0, OSTAT_EINVAL, OSTAT_EBUFS, OSTAT_ENOPROC, OSTAT_ENOPROC_ZOMBIE,
 * OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_exe(ostat_proc *proc, char *buf, size_t *len);

/**
 * The command line (psutil cmdline()), one string per argument; empty for
 * kernel threads. Read elements with ostat_list_string().
 * @return 0, OSTAT_ENOPROC, OSTAT_ENOPROC_ZOMBIE, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_cmdline(ostat_proc *proc, ostat_list **out);

/**
 * The environment (psutil environ()); read elements with
 * ostat_list_environ_var().
 * @return 0, OSTAT_ENOPROC, OSTAT_ENOPROC_ZOMBIE, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_environ(ostat_proc *proc, ostat_list **out);

/**
 * Copy element @p index of a list of environment variables.
 * @since 1.1
 */
OSTAT_API int ostat_list_environ_var(const ostat_list *list,
                                     size_t index,
                                     struct ostat_proc_environ_var *out);

/**
 * When the process started, in seconds since the epoch (psutil
 * create_time()).
 * @since 1.1
 */
OSTAT_API int ostat_proc_create_time(ostat_proc *proc, double *out);

/**
 * The parent's pid (psutil ppid()); read afresh on every call, since it
 * changes when the parent exits. OSTAT_ENOPROC if the pid was reused.
 * @since 1.1
 */
OSTAT_API int ostat_proc_ppid(ostat_proc *proc, ostat_pid_t *out);

/**
 * A handle on the parent (psutil parent()); *out is NULL when there is
 * none (pid 1, kernel threads) or the parent started after the child.
 * @since 1.1
 */
OSTAT_API int ostat_proc_parent(ostat_proc *proc, ostat_proc **out);

/**
 * The ancestors' pids, the parent first (psutil parents()); read elements
 * with ostat_list_int64().
 * @since 1.1
 */
OSTAT_API int ostat_proc_parents(ostat_proc *proc, ostat_list **out);

/**
 * The children's pids (psutil children()); with @p recursive non-zero, all
 * descendants. Only processes that started after this one count.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_children(ostat_proc *proc, int recursive, ostat_list **out);

/**
 * The state (psutil status()), an OSTAT_STATUS_* value.
 * @since 1.1
 */
OSTAT_API int ostat_proc_status(ostat_proc *proc, int32_t *out);

/**
 * psutil's name of an OSTAT_STATUS_* value, e.g. "disk-sleep"; "?" for
 * values it does not know. Static storage.
 * @since 1.1
 */
OSTAT_API const char *ostat_status_name(int32_t status);

/**
 * The working directory (psutil cwd()); "" when unknown. Buffer rules as
 * ostat_proc_name().
 * @since 1.1
 */
OSTAT_API int ostat_proc_cwd(ostat_proc *proc, char *buf, size_t *len);

/**
 * The name of the real user (psutil username()), or the uid in decimal
 * when it has no name. Buffer rules as ostat_proc_name().
 * @since 1.1
 */
OSTAT_API int ostat_proc_username(ostat_proc *proc, char *buf, size_t *len);

/** The user ids (psutil uids()). @since 1.1 */
OSTAT_API int ostat_proc_uids(ostat_proc *proc, struct ostat_proc_ids *out);

/** The group ids (psutil gids()). @since 1.1 */
OSTAT_API int ostat_proc_gids(ostat_proc *proc, struct ostat_proc_ids *out);

/**
 * The controlling terminal's path, e.g. "/dev/pts/3" (psutil terminal());
 * "" when the process has none. Buffer rules as ostat_proc_name().
 * @since 1.1
 */
OSTAT_API int ostat_proc_terminal(ostat_proc *proc, char *buf, size_t *len);

/** The nice value, -20..19 (psutil nice()). @since 1.1 */
OSTAT_API int ostat_proc_nice(ostat_proc *proc, int32_t *out);

/**
 * Set the nice value (psutil nice(value)), after checking the pid was not
 * reused.
 * @return 0, OSTAT_ENOPROC, OSTAT_EACCES, OSTAT_EINVAL.
 * @since 1.1
 */
OSTAT_API int ostat_proc_set_nice(ostat_proc *proc, int32_t value);

/** The I/O scheduling class and value (psutil ionice()). @since 1.1 */
OSTAT_API int ostat_proc_ionice(ostat_proc *proc,
                                struct ostat_proc_ionice *out);

/**
 * Set the I/O scheduling (psutil ionice(ioclass, value)): @p value must be
 * 0 for OSTAT_IOPRIO_CLASS_NONE and _IDLE, 0..7 otherwise.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_set_ionice(ostat_proc *proc, int32_t ioclass, int32_t value);

/**
 * A resource limit (psutil rlimit(resource)); OSTAT_RLIM_INFINITY for none.
 * @param resource an OSTAT_RLIMIT_* value.
 * @since 1.1
 */
OSTAT_API int ostat_proc_rlimit(ostat_proc *proc,
                                int32_t resource,
                                int64_t *soft,
                                int64_t *hard);

/**
 * Set a resource limit (psutil rlimit(resource, (soft, hard))).
 * @since 1.1
 */
OSTAT_API int ostat_proc_set_rlimit(ostat_proc *proc,
                                    int32_t resource,
                                    int64_t soft,
                                    int64_t hard);

/** I/O counters (psutil io_counters()). @since 1.1 */
OSTAT_API int ostat_proc_io_counters(ostat_proc *proc,
                                     struct ostat_proc_io_counters *out);

/** Context switches (psutil num_ctx_switches()). @since 1.1 */
OSTAT_API int ostat_proc_num_ctx_switches(ostat_proc *proc,
                                          struct ostat_proc_ctx_switches *out);

/** Open file descriptors (psutil num_fds()). @since 1.1 */
OSTAT_API int ostat_proc_num_fds(ostat_proc *proc, int32_t *out);

/** Threads (psutil num_threads()). @since 1.1 */
OSTAT_API int ostat_proc_num_threads(ostat_proc *proc, int32_t *out);

/**
 * The threads and their CPU times (psutil threads()); read elements with
 * ostat_list_thread().
 * @since 1.1
 */
OSTAT_API int ostat_proc_threads(ostat_proc *proc, ostat_list **out);

/** Copy element @p index of a list of threads. @since 1.1 */
OSTAT_API int ostat_list_thread(const ostat_list *list,
                                size_t index,
                                struct ostat_proc_thread *out);

/** CPU times (psutil cpu_times()). @since 1.1 */
OSTAT_API int ostat_proc_cpu_times(ostat_proc *proc,
                                   struct ostat_proc_cpu_times *out);

/**
 * CPU use in percent of one CPU, 0..100 × CPUs (psutil cpu_percent()),
 * with the rules of ostat_cpu_percent(); the baseline is held by the
 * handle, so the first call with @p interval 0 gives 0.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_cpu_percent(ostat_proc *proc, double interval, double *out);

/** The CPU the process last ran on (psutil cpu_num()). @since 1.1 */
OSTAT_API int ostat_proc_cpu_num(ostat_proc *proc, int32_t *out);

/**
 * The CPUs the process may run on, ascending (psutil cpu_affinity()); read
 * elements with ostat_list_int64().
 * @since 1.1
 */
OSTAT_API int ostat_proc_cpu_affinity(ostat_proc *proc, ostat_list **out);

/**
 * Restrict the process to @p count CPUs (psutil cpu_affinity(cpus)); a
 * count of 0 means every CPU the system allows.
 * @return 0, OSTAT_EINVAL (no such CPU), OSTAT_ENOPROC, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_set_cpu_affinity(ostat_proc *proc,
                                          const int32_t *cpus,
                                          size_t count);

/**
 * Memory (psutil memory_info() and memory_info_ex(), in one struct):
 * /proc/PID/statm, and /proc/PID/status for the fields after data.
 * @since 1.1
 */
OSTAT_API int ostat_proc_memory_info(ostat_proc *proc,
                                     struct ostat_proc_memory_info *out);

/**
 * USS, PSS and swap (psutil memory_footprint()), from smaps_rollup or,
 * where it fails, smaps. Costly: it walks the process's page tables.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_memory_footprint(ostat_proc *proc,
                            struct ostat_proc_memory_footprint *out);

/**
 * A memory field as a percentage of total physical memory (psutil
 * memory_percent(memtype)): @p memtype names a field of
 * struct ostat_proc_memory_info or struct ostat_proc_memory_footprint,
 * e.g. "rss" (NULL means "rss").
 * @return 0, OSTAT_EINVAL (unknown field), the getters' errors.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_memory_percent(ostat_proc *proc, const char *memtype, double *out);

/** Page faults (psutil page_faults()). @since 1.1 */
OSTAT_API int ostat_proc_page_faults(ostat_proc *proc,
                                     struct ostat_proc_page_faults *out);

/**
 * Send signal @p sig (psutil send_signal()), after checking the pid was not
 * reused. Signals to a zombie succeed and do nothing.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOPROC, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_send_signal(ostat_proc *proc, int32_t sig);

/** SIGSTOP (psutil suspend()). @since 1.1 */
OSTAT_API int ostat_proc_suspend(ostat_proc *proc);

/** SIGCONT (psutil resume()). @since 1.1 */
OSTAT_API int ostat_proc_resume(ostat_proc *proc);

/** SIGTERM (psutil terminate()). @since 1.1 */
OSTAT_API int ostat_proc_terminate(ostat_proc *proc);

/** SIGKILL (psutil kill()). @since 1.1 */
OSTAT_API int ostat_proc_kill(ostat_proc *proc);

/** ostat_proc_wait()'s *out for a process that is not the caller's child,
 * whose exit status cannot be known (psutil's None). */
#define OSTAT_WAIT_NO_STATUS (-2147483647 - 1)

/**
 * Wait for the process to end (psutil wait()). @p timeout in seconds: < 0
 * waits as long as it takes, 0 only checks. *out receives, for a child of
 * the caller, its exit code or the negated number of the signal that ended
 * it; for another process, OSTAT_WAIT_NO_STATUS. A process already gone
 * (reaped by someone else) ends the wait at once with
 * OSTAT_WAIT_NO_STATUS: a newcomer that took its pid is never waited for
 * nor reaped. On Linux the wait and the reaping go through a pidfd (5.3;
 * earlier kernels are polled, as psutil does); a handle knows its process
 * exactly, an iterator's row by pid and start time in clock ticks.
 * @return 0, OSTAT_ETIMEDOUT (still running), OSTAT_EINVAL, OSTAT_EOS.
 * @since 1.1
 */
OSTAT_API int ostat_proc_wait(ostat_proc *proc, double timeout, int32_t *out);

/**
 * The command line as one string, the arguments joined by single spaces
 * (psutil's " ".join(cmdline())), into a caller's buffer: unlike
 * ostat_proc_cmdline() it allocates nothing. Buffer rules as
 * ostat_proc_name().
 * @since 1.1
 */
OSTAT_API int
ostat_proc_cmdline_string(ostat_proc *proc, char *buf, size_t *len);

/**
 * The memory mappings (psutil memory_maps()): with @p grouped non-zero,
 * one element per path with the sizes summed. Read elements with
 * ostat_list_mmap().
 * @return 0, OSTAT_ENOPROC, OSTAT_ENOPROC_ZOMBIE, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_memory_maps(ostat_proc *proc, int grouped, ostat_list **out);

/** Copy element @p index of a list of mappings. @since 1.1 */
OSTAT_API int ostat_list_mmap(const ostat_list *list,
                              size_t index,
                              struct ostat_proc_mmap *out);

/**
 * The regular files the process has open (psutil open_files()); read
 * elements with ostat_list_open_file().
 * @return 0, OSTAT_ENOPROC, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_open_files(ostat_proc *proc, ostat_list **out);

/** Copy element @p index of a list of open files. @since 1.1 */
OSTAT_API int ostat_list_open_file(const ostat_list *list,
                                   size_t index,
                                   struct ostat_proc_open_file *out);

/**
 * The process's cgroup v2 path, e.g. "/system.slice/ssh.service" (the
 * "0::" line of /proc/PID/cgroup). Buffer rules as ostat_proc_name().
 * @return 0, OSTAT_ENOTSUP (no cgroup v2), OSTAT_ENOPROC, OSTAT_EACCES.
 * @since 1.1
 */
OSTAT_API int ostat_proc_cgroup(ostat_proc *proc, char *buf, size_t *len);

/**
 * Usage and limits of the cgroup v2 group at @p path (as
 * ostat_proc_cgroup() gives it), read under <host prefix>/sys/fs/cgroup.
 * Files the group lacks (a controller not enabled) leave their fields
 * not valid.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOTSUP (no such group, or no cgroup v2),
 * OSTAT_EACCES, OSTAT_EPARSE.
 * @since 1.1
 */
OSTAT_API int
ostat_cgroup_stats(ostat_ctx *ctx, const char *path, struct ostat_cgroup *out);

/**
 * Wait for several processes to end (psutil wait_procs()), at most
 * @p timeout seconds in all (< 0: as long as it takes). Each process gets
 * its turn in slices, so one that never ends does not keep the others from
 * being seen. For each i, gone[i] is 1 if procs[i] ended, and then
 * codes[i] is what ostat_proc_wait() would give (exit code, negated
 * signal, or OSTAT_WAIT_NO_STATUS); a timeout is not an error.
 * @param codes may be NULL.
 * @return 0, OSTAT_EINVAL (NULL arguments, a NULL handle in @p procs).
 * @since 1.1
 */
OSTAT_API int ostat_wait_procs(ostat_proc *const *procs,
                               size_t count,
                               double timeout,
                               int *gone,
                               int32_t *codes);

/**
 * An iterator over every process, ascending by pid (psutil
 * process_iter(attrs)). @p fields (OSTAT_PF_*) says what each scan reads
 * ahead for every process. Each process is handed out as an ostat_proc
 * that the iterator owns: its getters answer from what the scan read and
 * give each field its own error (OSTAT_EACCES, OSTAT_ENOPROC_ZOMBIE, ...)
 * without failing the others; a getter for a field not asked for reads it
 * then, except ostat_proc_memory_info(), which fills only what the fields
 * read (rss and vms with OSTAT_PF_MEMORY_INFO). Processes that vanish
 * during a scan are left out; zombies are included.
 *
 * Scanning again (ostat_proc_iter_rewind()) reuses, for the same pid and
 * start time, what cannot change: create time, and name, exe and command
 * line until the process calls exec. An exec is detected by a changed comm
 * or changed code and stack addresses in /proc/PID/stat (those read as 0
 * to an observer not allowed to trace the process, which then relies on
 * comm). In steady state a scan allocates nothing per process.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.1
 */
OSTAT_API int
ostat_proc_iter_new(ostat_ctx *ctx, uint64_t fields, ostat_proc_iter **out);

/**
 * The next process: 1 and a handle in *out (owned by the iterator, valid
 * until the next call, a rewind or the free), or 0 at the end of the scan.
 * @return 1, 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_EOS.
 * @since 1.1
 */
OSTAT_API int ostat_proc_iter_next(ostat_proc_iter *it, ostat_proc **out);

/**
 * Start a new scan: the next ostat_proc_iter_next() lists the processes
 * afresh.
 * @since 1.1
 */
OSTAT_API int ostat_proc_iter_rewind(ostat_proc_iter *it);

/**
 * Free an iterator and every handle it handed out. NULL is accepted.
 * @since 1.1
 */
OSTAT_API void ostat_proc_iter_free(ostat_proc_iter *it);

OSTAT_END_DECLS

#endif
