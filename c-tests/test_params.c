/* System parameters (contract section 4, S-PAR-01..05): every id of data/sysparams.tsv, target
 * resolution, range/length/lock rules, JET_paramErrorToString and the parameters with an effect. */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define MAXV UINT64_MAX
#define WS(lit) ((const WCHAR *)(u"" lit))
/* JET_paramTableClassName (33): private in the header, a global string without locks. */
#define PARAM_TABLE_CLASS_NAME 33u
/* PARAM_RECOVERY_CURRENT_LOGFILE (79): private in the header, custom in the table. */
#define PARAM_RECOVERY_CURRENT_LOGFILE 79u
#define SENTINEL ((JET_API_PTR)0xA5A5A5A5A5A5A5A5ull)

/* data/sysparams.tsv, one row per id (0..221). kind: N normal, I ignored, C custom, R readonly,
 * X illegal. type: i integer, b boolean, g grbit, k blocksize, s string, p path, f folder,
 * x pointer, u userdefined, - none. */
struct pdef {
    uint32_t id;
    char kind;
    char type;
    int adv, glob, lockglobal, lockinst;
    int has_range;
    uint64_t low, high;
    int has_int_default;
    uint64_t dflt;
    const char *sdflt;
};

static const struct pdef PARAMS[] = {
    {0, 'N', 'f', 0, 0, 0, 1, 1, 0u, 246u, 0, 0, ".\\"},
    {1, 'N', 'p', 0, 0, 0, 1, 1, 0u, 247u, 0, 0, "tmp.edb"},
    {2, 'N', 'f', 0, 0, 0, 1, 1, 0u, 246u, 0, 0, ".\\"},
    {3, 'N', 's', 0, 0, 0, 1, 1, 3u, 3u, 0, 0, "edb"},
    {4, 'N', 's', 0, 0, 0, 1, 1, 0u, 259u, 0, 0, ""},
    {5, 'N', 'i', 1, 0, 0, 1, 1, 0u, 30000u, 1, 16u, NULL},
    {6, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 300u, NULL},
    {7, 'I', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 0u, NULL},
    {8, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 1024u, NULL},
    {9, 'N', 'i', 1, 0, 0, 1, 1, 1u, 2147483647u, 1, 64u, NULL},
    {10, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 20u, NULL},
    {11, 'N', 'i', 0, 0, 0, 1, 1, 64u, 32768u, 1, 5120u, NULL},
    {12, 'N', 'i', 1, 0, 0, 1, 1, 1u, 2147483647u, 1, 126u, NULL},
    {13, 'I', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 0u, NULL},
    {14, 'I', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 1024u, NULL},
    {15, 'I', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 3u, NULL},
    {16, 'C', 'g', 0, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {17, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {18, 'N', 'i', 1, 0, 0, 0, 1, 1u, 2147483647u, 1, 256u, NULL},
    {19, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 0u, NULL},
    {20, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2147483647u, 1, 8u, NULL},
    {21, 'I', 'i', 1, 0, 0, 0, 1, 0u, MAXV, 1, MAXV, NULL},
    {22, 'I', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 256u, NULL},
    {23, 'C', 'i', 1, 1, 0, 0, 1, 1u, MAXV, 1, 2000000000u, NULL},
    {24, 'C', 'i', 0, 0, 0, 0, 1, 0u, MAXV, 1, 20971520u, NULL},
    {25, 'N', 'i', 1, 1, 1, 1, 1, 0u, MAXV, 1, 128000u, NULL},
    {26, 'N', 'i', 1, 1, 1, 1, 1, 0u, MAXV, 1, 100000u, NULL},
    {27, 'N', 'i', 1, 1, 1, 1, 1, 1u, 2u, 1, 2u, NULL},
    {28, 'N', 'i', 1, 1, 1, 1, 1, 1u, MAXV, 1, 100u, NULL},
    {29, 'I', 'i', 1, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {30, 'N', 'i', 1, 1, 1, 1, 1, 0u, 65536u, 1, 1024u, NULL},
    {31, 'N', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 20000000u, NULL},
    {32, 'N', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 40000000u, NULL},
    {33, 'I', 's', 0, 1, 0, 0, 1, 0u, 64u, 0, 0, ""},
    {34, 'N', 's', 0, 0, 0, 1, 1, 0u, 259u, 0, 0, "on"},
    {35, 'N', 'g', 0, 0, 0, 0, 1, 0u, 65535u, 1, 65535u, NULL},
    {36, 'N', 'g', 0, 1, 0, 0, 1, 0u, 64u, 1, 64u, NULL},
    {37, 'R', 'x', 0, 1, 1, 1, 0, 0, 0, 0, 0, NULL},
    {38, 'C', 'i', 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL},
    {39, 'N', 'i', 0, 1, 0, 0, 1, 0u, 4294967294u, 1, 0u, NULL},
    {40, 'N', 'i', 0, 1, 0, 0, 1, 0u, 4294967294u, 1, 0u, NULL},
    {41, 'C', 'i', 1, 1, 0, 0, 0, 0, 0, 1, 0u, NULL},
    {42, 'R', 'i', 0, 1, 1, 1, 0, 0, 0, 1, 1u, NULL},
    {43, 'R', 'i', 0, 1, 1, 1, 0, 0, 0, 1, 1u, NULL},
    {44, 'I', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {45, 'N', 'i', 0, 0, 0, 0, 1, 0u, 2u, 1, 1u, NULL},
    {46, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {47, 'I', 'b', 0, 0, 0, 1, 1, 0u, 0u, 1, 0u, NULL},
    {48, 'I', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {49, 'N', 's', 0, 0, 0, 1, 1, 0u, 259u, 0, 0, ""},
    {50, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {51, 'N', 'i', 0, 0, 0, 1, 1, 0u, 100u, 1, 100u, NULL},
    {52, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {53, 'N', 'i', 0, 1, 0, 0, 1, 0u, MAXV, 1, 10000u, NULL},
    {54, 'N', 'b', 0, 0, 0, 0, 1, 0u, MAXV, 1, 1u, NULL},
    {55, 'N', 'i', 1, 0, 0, 1, 1, 0u, 1000u, 1, 0u, NULL},
    {56, 'N', 'i', 1, 0, 0, 0, 1, 0u, 10u, 1, 0u, NULL},
    {57, 'N', 'b', 1, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {58, 'N', 'i', 1, 0, 0, 0, 1, 0u, 127u, 1, 8u, NULL},
    {59, 'N', 'b', 1, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {60, 'C', 'i', 1, 1, 0, 0, 1, 1u, MAXV, 1, 1u, NULL},
    {61, 'I', 'f', 0, 0, 0, 1, 1, 0u, 0u, 0, 0, ""},
    {62, 'I', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {63, 'N', 'i', 1, 0, 0, 0, 1, 1u, 2147483647u, 1, 58u, NULL},
    {64, 'C', 'k', 0, 1, 1, 1, 1, 4096u, 32768u, 1, 4096u, NULL},
    {65, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {66, 'I', 'i', 1, 0, 0, 1, 1, 1u, 2147483647u, 1, 16u, NULL},
    {67, 'I', 'i', 1, 0, 0, 1, 1, 1u, 2147483647u, 1, 8u, NULL},
    {68, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 0u, NULL},
    {69, 'N', 'b', 1, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {70, 'C', 'u', 0, 1, 0, 0, 0, 0, 0, 0, 0, NULL},
    {71, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {72, 'C', 'u', 0, 0, 0, 1, 0, 0, 0, 0, 0, NULL},
    {73, 'N', 'x', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {74, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 1u, NULL},
    {75, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {76, 'I', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {77, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {78, 'N', 'g', 1, 1, 0, 0, 1, 0u, 3u, 1, 1u, NULL},
    {79, 'C', 'i', 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL},
    {80, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 172800u, NULL},
    {81, 'N', 'i', 1, 1, 1, 1, 1, 1u, 2147483647u, 1, 64u, NULL},
    {82, 'N', 'i', 0, 1, 0, 0, 1, 0u, 2147483647u, 1, 70000u, NULL},
    {83, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 1u, NULL},
    {84, 'N', 'i', 0, 0, 0, 0, 1, 0u, 13u, 1, 0u, NULL},
    {85, 'N', 'i', 0, 0, 0, 1, 1, 0u, 1024u, 1, 2u, NULL},
    {86, 'N', 'i', 0, 0, 0, 1, 1, 0u, 1024u, 1, 40u, NULL},
    {87, 'N', 'i', 0, 0, 0, 1, 1, 50u, 2147483647u, 1, 3000u, NULL},
    {88, 'N', 'i', 0, 0, 0, 0, 1, 1u, 2147483647u, 1, 20u, NULL},
    {89, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 1u, NULL},
    {90, 'N', 'b', 1, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {91, 'N', 'i', 1, 0, 0, 0, 1, 0u, 604800u, 1, 43200u, NULL},
    {92, 'N', 'i', 1, 0, 0, 0, 1, 0u, 10000u, 1, 1000u, NULL},
    {93, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {94, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 100u, NULL},
    {95, 'N', 'i', 1, 0, 0, 0, 1, 0u, 1000u, 1, 150u, NULL},
    {96, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 604800u, NULL},
    {97, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 3600u, NULL},
    {98, 'N', 'i', 0, 1, 0, 0, 1, 0u, MAXV, 1, 4u, NULL},
    {99, 'N', 'i', 0, 1, 1, 1, 1, 0u, 2147483647u, 1, 0u, NULL},
    {100, 'N', 'b', 0, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {101, 'N', 'i', 1, 1, 1, 1, 1, 0u, 2147483647u, 1, 262144u, NULL},
    {102, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {103, 'I', 'i', 0, 1, 1, 1, 1, 7u, 7u, 1, 7u, NULL},
    {104, 'N', 'i', 0, 1, 1, 1, 1, 1u, 10240u, 1, 16u, NULL},
    {105, 'N', 'i', 1, 0, 0, 0, 1, 1u, 127u, 1, 4u, NULL},
    {106, 'I', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {107, 'N', 'b', 0, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {108, 'I', 'x', 0, 1, 1, 1, 1, 0u, 0u, 1, 0u, NULL},
    {109, 'I', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {110, 'N', 'i', 0, 0, 0, 1, 1, 2u, 255u, 1, 3u, NULL},
    {111, 'N', 'i', 0, 0, 0, 1, 1, 2u, 255u, 1, 10u, NULL},
    {112, 'N', 'i', 0, 0, 0, 1, 1, 1u, 32767u, 1, 32767u, NULL},
    {113, 'N', 'f', 0, 0, 0, 1, 1, 0u, 246u, 0, 0, ""},
    {114, 'N', 'b', 1, 1, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {115, 'N', 'b', 1, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {116, 'N', 'b', 1, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {117, 'N', 'b', 1, 0, 0, 1, 1, 0u, MAXV, 1, 1u, NULL},
    {118, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 0u, NULL},
    {119, 'N', 'b', 1, 0, 0, 0, 1, 0u, MAXV, 1, 0u, NULL},
    {120, 'I', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 1280u, NULL},
    {121, 'C', 'u', 0, 1, 0, 0, 0, 0, 0, 0, 0, NULL},
    {122, 'C', 'u', 0, 1, 0, 0, 0, 0, 0, 0, 0, NULL},
    {123, 'C', 'u', 0, 1, 0, 0, 0, 0, 0, 0, 0, NULL},
    {124, 'I', 'i', 1, 1, 0, 0, 1, 0u, MAXV, 1, 1048576u, NULL},
    {125, 'C', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 64u, NULL},
    {126, 'N', 'b', 1, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {127, 'N', 'b', 1, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {128, 'N', 'k', 1, 1, 1, 1, 1, 1024u, 65536u, 1, 32768u, NULL},
    {129, 'C', 'i', 0, 0, 0, 1, 1, 0u, 2047u, 1, 1u, NULL},
    {130, 'N', 'b', 0, 0, 0, 0, 1, 0u, MAXV, 1, 1u, NULL},
    {131, 'R', 'i', 0, 1, 1, 1, 0, 0, 0, 1, 19u, NULL},
    {132, 'N', 'i', 0, 0, 0, 1, 1, 0u, 32767u, 1, 1u, NULL},
    {133, 'N', 'i', 0, 0, 0, 0, 1, 0u, 32767u, 1, 0u, NULL},
    {134, 'C', 'i', 0, 0, 0, 0, 0, 0, 0, 1, 1000u, NULL},
    {135, 'N', 'i', 1, 1, 0, 0, 1, 1u, 1024u, 1, 1u, NULL},
    {136, 'N', 'g', 0, 0, 0, 1, 1, 0u, 255u, 1, 3u, NULL},
    {137, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass1"},
    {138, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass2"},
    {139, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass3"},
    {140, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass4"},
    {141, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass5"},
    {142, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass6"},
    {143, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass7"},
    {144, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass8"},
    {145, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass9"},
    {146, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass10"},
    {147, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass11"},
    {148, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass12"},
    {149, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass13"},
    {150, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass14"},
    {151, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass15"},
    {152, 'N', 'i', 1, 0, 0, 0, 1, 0u, 7u, 1, 0u, NULL},
    {153, 'N', 'i', 0, 0, 0, 1, 1, 0u, 1023u, 1, 0u, NULL},
    {154, 'N', 'i', 0, 0, 0, 1, 1, 32u, 65536u, 1, 65536u, NULL},
    {155, 'N', 'b', 0, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {156, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {157, 'N', 'b', 0, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {158, 'N', 'i', 0, 0, 0, 1, 1, 0u, 604800u, 1, 0u, NULL},
    {159, 'I', 'b', 0, 1, 1, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {160, 'N', 'b', 0, 0, 0, 0, 1, 0u, MAXV, 1, 1u, NULL},
    {161, 'N', 'i', 0, 0, 0, 1, 1, 0u, MAXV, 1, 10u, NULL},
    {162, 'N', 'i', 0, 1, 1, 1, 1, 1u, 10000u, 1, 100u, NULL},
    {163, 'R', 'i', 0, 1, 1, 1, 0, 0, 0, 1, 4014u, NULL},
    {164, 'N', 'i', 1, 1, 1, 1, 1, 0u, 10485760u, 1, 524288u, NULL},
    {165, 'N', 'i', 1, 1, 1, 1, 1, 0u, 10485760u, 1, 524288u, NULL},
    {166, 'N', 'i', 1, 1, 1, 1, 1, 0u, 10485760u, 1, 524288u, NULL},
    {167, 'N', 'i', 1, 1, 1, 1, 1, 0u, 10485760u, 1, 524288u, NULL},
    {168, 'N', 'i', 1, 0, 0, 1, 1, 0u, 2u, 1, 0u, NULL},
    {169, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2u, 1, 0u, NULL},
    {170, 'N', 'i', 1, 0, 0, 0, 1, 0u, 60000u, 1, 20u, NULL},
    {171, 'N', 'i', 1, 0, 0, 1, 1, 0u, 1814400u, 1, 86400u, NULL},
    {172, 'N', 'i', 1, 0, 0, 1, 1, 1u, 1576800000u, 1, 604800u, NULL},
    {173, 'N', 'x', 1, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {174, 'N', 'x', 1, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {175, 'N', 'b', 1, 0, 0, 1, 1, 0u, 1u, 1, 0u, NULL},
    {176, 'N', 'i', 1, 0, 0, 0, 1, 0u, 2147483647u, 1, 300u, NULL},
    {177, 'C', 'i', 1, 0, 0, 0, 1, 0u, 1000u, 1, 100u, NULL},
    {178, 'N', 'i', 1, 0, 0, 0, 1, 1u, 100u, 1, 100u, NULL},
    {179, 'N', 'i', 1, 0, 0, 0, 1, 0u, 256u, 1, 8u, NULL},
    {180, 'N', 'b', 1, 0, 0, 1, 1, 0u, 1u, 1, 0u, NULL},
    {181, 'N', 'i', 1, 1, 1, 1, 1, 11000u, 1800000u, 1, 30000u, NULL},
    {182, 'N', 'i', 1, 1, 1, 1, 1, 0u, 31u, 1, 1u, NULL},
    {183, 'N', 'i', 1, 1, 1, 1, 1, 0u, 2147483647u, 1, 1024u, NULL},
    {184, 'C', 'g', 0, 0, 0, 1, 1, 0u, 65535u, 1, 0u, NULL},
    {185, 'X', '-', 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL},
    {186, 'N', 's', 0, 1, 1, 1, 1, 0u, 64u, 0, 0, ""},
    {187, 'N', 'x', 1, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {188, 'I', 'i', 0, 0, 0, 1, 1, 0u, 2u, 1, 1u, NULL},
    {189, 'C', 's', 0, 0, 0, 1, 0, 0, 0, 0, 0, NULL},
    {190, 'N', 'i', 1, 0, 0, 0, 1, 0u, 4294967295u, 1, 8388608u, NULL},
    {191, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {192, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {193, 'N', 'i', 1, 0, 0, 1, 1, 0u, 7u, 1, 5u, NULL},
    {194, 'C', 'i', 0, 0, 0, 0, 1, 0u, 4294967295u, 1, 1073741825u, NULL},
    {195, 'N', 'i', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {196, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass16"},
    {197, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass17"},
    {198, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass18"},
    {199, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass19"},
    {200, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass20"},
    {201, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass21"},
    {202, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass22"},
    {203, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass23"},
    {204, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass24"},
    {205, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass25"},
    {206, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass26"},
    {207, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass27"},
    {208, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass28"},
    {209, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass29"},
    {210, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass30"},
    {211, 'N', 's', 0, 1, 1, 1, 1, 1u, 64u, 0, 0, "TableClass31"},
    {212, 'N', 'x', 1, 0, 0, 1, 1, 0u, MAXV, 1, 0u, NULL},
    {213, 'C', 'i', 0, 1, 0, 0, 0, 0, 0, 1, 4052u, NULL},
    {214, 'N', 'b', 1, 0, 0, 1, 1, 0u, 1u, 1, 1u, NULL},
    {215, 'N', 'b', 1, 0, 0, 0, 1, 0u, 1u, 1, 0u, NULL},
    {216, 'N', 'f', 0, 0, 0, 1, 1, 0u, 246u, 0, 0, ".\\"},
    {217, 'N', 'i', 0, 1, 1, 1, 1, 0u, 86400000u, 1, 100u, NULL},
    {218, 'N', 'b', 1, 1, 1, 0, 1, 0u, 1u, 1, 0u, NULL},
    {219, 'N', 'i', 1, 0, 0, 0, 1, 1u, 2147483647u, 1, 1000u, NULL},
    {220, 'N', 'b', 1, 1, 1, 0, 1, 0u, 1u, 1, 0u, NULL},
    {221, 'X', '-', 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL},
};

#define NPARAMS ((uint32_t)(sizeof PARAMS / sizeof PARAMS[0]))

/* ---- helpers ------------------------------------------------------------------------------ */

#define CHECK_ERR_ID(id, expected, expr)                                                  \
    do {                                                                                  \
        JET_ERR r_id_ = (expr);                                                           \
        if (r_id_ != (JET_ERR)(expected)) printf("    (param id %u)\n", (unsigned)(id));  \
        CHECK_ERR(expected, r_id_);                                                       \
    } while (0)

#define CHECK_EQ_ID(id, a, b)                                                             \
    do {                                                                                  \
        long long a_id_ = (long long)(a), b_id_ = (long long)(b);                         \
        if (a_id_ != b_id_) printf("    (param id %u)\n", (unsigned)(id));                \
        CHECK_EQ(a_id_, b_id_);                                                           \
    } while (0)

static int is_str(const struct pdef *d) { return d->type == 's' || d->type == 'p' || d->type == 'f'; }

static int is_num(const struct pdef *d) {
    return d->type == 'i' || d->type == 'b' || d->type == 'g' || d->type == 'k' || d->type == 'x';
}

/* Settable with a range of more than one value, kind normal or ignored. */
static int roundtrip_num(const struct pdef *d) {
    return (d->kind == 'N' || d->kind == 'I') && is_num(d) && d->has_range && d->low != d->high;
}

static int roundtrip_str(const struct pdef *d) {
    return (d->kind == 'N' || d->kind == 'I') && is_str(d) && d->has_range && d->high > 0;
}

/* A value in range and different from the default. */
static uint64_t other_value(const struct pdef *d) { return d->dflt != d->low ? d->low : d->low + 1; }

static size_t wlen(const WCHAR *w) {
    size_t n = 0;
    while (w[n]) n++;
    return n;
}

/* Compares a UTF-16 string with an ASCII one. */
static int weq(const WCHAR *w, const char *a) {
    size_t i = 0;
    for (; a[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)a[i]) return 0;
    return w[i] == 0;
}

static void to_wide(const char *a, WCHAR *w) {
    size_t i = 0;
    for (; a[i]; i++) w[i] = (WCHAR)(unsigned char)a[i];
    w[i] = 0;
}

static JET_ERR geti(JET_INSTANCE inst, JET_SESID ses, uint32_t id, JET_API_PTR *v) {
    *v = SENTINEL;
    return JetGetSystemParameterA(inst, ses, id, v, NULL, 0);
}

static JET_ERR pget_a(JET_INSTANCE inst, JET_SESID ses, uint32_t id, char *buf, uint32_t cb) {
    JET_API_PTR lp = 0;
    memset(buf, 0x7f, cb);
    return JetGetSystemParameterA(inst, ses, id, &lp, buf, cb);
}

static JET_ERR pget_w(JET_INSTANCE inst, JET_SESID ses, uint32_t id, WCHAR *buf, uint32_t cb) {
    JET_API_PTR lp = 0;
    memset(buf, 0x7f, cb);
    return JetGetSystemParameterW(inst, ses, id, &lp, buf, cb);
}

static JET_ERR seti(JET_INSTANCE *pinst, JET_SESID ses, uint32_t id, JET_API_PTR v) {
    return JetSetSystemParameterA(pinst, ses, id, v, NULL);
}

static JET_ERR sets(JET_INSTANCE *pinst, JET_SESID ses, uint32_t id, const char *s) {
    return JetSetSystemParameterA(pinst, ses, id, 0, s);
}

/* The integer value of a parameter, or SENTINEL after a failed read (which CHECKs). */
static JET_API_PTR val(JET_INSTANCE inst, JET_SESID ses, uint32_t id) {
    JET_API_PTR v;
    CHECK_ERR_ID(id, JET_errSuccess, geti(inst, ses, id, &v));
    return v;
}

/* Reads every id 0..220 through the given target and compares it with the table's default. */
static void read_every_id(JET_INSTANCE inst, JET_SESID ses, int wide) {
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (id == PARAM_RECOVERY_CURRENT_LOGFILE) continue; /* its own case below */
        char buf[600];
        WCHAR wbuf[300];
        JET_API_PTR lp = id == JET_paramErrorToString ? 0 : SENTINEL;
        memset(buf, 0x7f, sizeof buf);
        memset(wbuf, 0x7f, sizeof wbuf);
        JET_ERR r = wide ? JetGetSystemParameterW(inst, ses, id, &lp, wbuf, sizeof wbuf)
                         : JetGetSystemParameterA(inst, ses, id, &lp, buf, sizeof buf);
        JET_ERR want = JET_errSuccess;
        if (d->kind == 'X' || (id == JET_paramTransactionLevel && (ses == 0 || ses == JET_sesidNil))) want = JET_errInvalidParameter;
        CHECK_ERR_ID(id, want, r);
        if (r != JET_errSuccess) continue;
        if (id == JET_paramErrorToString) {
            if (wide)
                CHECK(wlen(wbuf) > 16 && memcmp(wbuf, WS("JET_errSuccess, "), 16 * sizeof(WCHAR)) == 0);
            else
                CHECK(strncmp(buf, "JET_errSuccess, ", 16) == 0 && strlen(buf) > 16);
        } else if (is_str(d) && d->sdflt) {
            int same = wide ? weq(wbuf, d->sdflt) : strcmp(buf, d->sdflt) == 0;
            if (!same) printf("    (param id %u: string differs from default \"%s\")\n", (unsigned)id, d->sdflt);
            CHECK(same);
        } else if (id == JET_paramTransactionLevel) {
            CHECK_EQ(lp, 0);
        } else if (d->has_int_default) {
            CHECK_EQ_ID(id, lp, d->dflt);
        }
    }
}

/* ---- S-PAR-01: every id ------------------------------------------------------------------- */

TEST(par_table_matches_header_ids) {
    /* S-PAR-01: the table this file embeds is the one the header numbers */
    CHECK_EQ(NPARAMS, 222);
    for (uint32_t i = 0; i < NPARAMS; i++) CHECK_EQ_ID(i, PARAMS[i].id, i);
    CHECK_EQ(PARAMS[JET_paramMaxSessions].dflt, 16);
    CHECK_EQ(PARAMS[JET_paramMaxInstances].dflt, 16);
    CHECK_EQ(PARAMS[JET_paramMaxValueInvalid].kind, 'X');
    CHECK_EQ(PARAMS[185].kind, 'X');
}

TEST(par_every_id_reads_back_global_defaults_a) {
    /* S-PAR-01 S-PAR-05: mode none, the global defaults, narrow */
    read_every_id(0, 0, 0);
}

TEST(par_every_id_reads_back_global_defaults_w) {
    /* S-PAR-01 S-PAR-05: mode none, the global defaults, wide */
    read_every_id(0, 0, 1);
    read_every_id(JET_instanceNil, JET_sesidNil, 1);
}

TEST(par_every_id_reads_back_on_instances_and_sessions) {
    /* S-PAR-01 S-PAR-02: multi-instance mode, through the globals, a created instance, an
     * initialized instance and a session */
    JET_INSTANCE a = fixture_created("a");
    JET_INSTANCE b = fixture_running("b", -1);
    JET_SESID s = fixture_session(b);
    read_every_id(0, 0, 0);
    read_every_id(a, 0, 0);
    read_every_id(a, 0, 1);
    read_every_id(b, 0, 0);
    read_every_id(0, s, 0);
    read_every_id(0, s, 1);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(par_every_id_reads_back_in_single_instance_mode) {
    /* S-PAR-01 S-PAR-02 */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    read_every_id(0, 0, 0);
    read_every_id(inst, 0, 1);
    read_every_id(0, s, 0);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(par_recovery_current_logfile_is_readable) {
    /* S-PAR-01: a custom id of the table; get must succeed in every mode like any other */
    JET_API_PTR v;
    CHECK_OK(geti(0, 0, PARAM_RECOVERY_CURRENT_LOGFILE, &v));
    JET_INSTANCE inst = fixture_running("r", -1);
    CHECK_OK(geti(inst, 0, PARAM_RECOVERY_CURRENT_LOGFILE, &v));
    CHECK_OK(JetTerm(inst));
}

TEST(par_illegal_and_unknown_ids) {
    /* S-PAR-01: ids listed illegal and ids >= JET_paramMaxValueInvalid give -1003, in every
     * mode and through every target */
    static const uint32_t bad[] = {185, JET_paramMaxValueInvalid, 222, 223, 1000, 0x7FFFFFFF, 0xFFFFFFFF};
    char buf[64];
    WCHAR wbuf[64];
    JET_API_PTR v;
    for (int pass = 0; pass < 3; pass++) {
        JET_INSTANCE inst = 0;
        JET_SESID s = 0;
        if (pass == 1) { /* multi */
            inst = fixture_running("m", -1);
            s = fixture_session(inst);
        } else if (pass == 2) { /* single */
            CHECK_OK(JetInit(&inst));
            s = fixture_session(inst);
        }
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            uint32_t id = bad[i];
            CHECK_ERR_ID(id, JET_errInvalidParameter, geti(0, 0, id, &v));
            CHECK_ERR_ID(id, JET_errInvalidParameter, pget_a(0, 0, id, buf, sizeof buf));
            CHECK_ERR_ID(id, JET_errInvalidParameter, pget_w(0, 0, id, wbuf, sizeof wbuf));
            CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, 1));
            CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, 0));
            CHECK_ERR_ID(id, JET_errInvalidParameter, sets(NULL, 0, id, "abc"));
            CHECK_ERR_ID(id, JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, id, 0, WS("abc")));
            if (pass) {
                CHECK_ERR_ID(id, JET_errInvalidParameter, geti(inst, 0, id, &v));
                CHECK_ERR_ID(id, JET_errInvalidParameter, geti(0, s, id, &v));
                CHECK_ERR_ID(id, JET_errInvalidParameter, seti(&inst, 0, id, 1));
                CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, s, id, 1));
            }
        }
        if (pass) CHECK_OK(JetTerm(inst));
    }
}

TEST(par_readonly_ids_reject_set_and_read_back) {
    /* S-PAR-01: readonly ids, JET_paramTransactionLevel and JET_paramErrorToString on set → -1003,
     * even with the current value; the readonly ids still read their value */
    JET_API_PTR v;
    int n = 0;
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (d->kind != 'R') continue;
        n++;
        CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, d->dflt));
        CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, 7));
        CHECK_ERR_ID(id, JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, id, 0, NULL));
        CHECK_ERR_ID(id, JET_errSuccess, geti(0, 0, id, &v));
        if (d->has_int_default) CHECK_EQ_ID(id, v, d->dflt);
    }
    CHECK(n >= 5);
    CHECK_EQ(val(0, 0, JET_paramMaxColtyp), 19);
    CHECK_EQ(val(0, 0, JET_paramLVChunkSizeMost), 4014);
    static const uint32_t get_only[] = {JET_paramTransactionLevel, JET_paramErrorToString};
    for (size_t i = 0; i < 2; i++) {
        uint32_t id = get_only[i];
        CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, 0));
        CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, 1));
        CHECK_ERR_ID(id, JET_errInvalidParameter, sets(NULL, 0, id, "x"));
    }
    /* the same with an instance and a session as target */
    JET_INSTANCE inst = fixture_running("r", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, s, JET_paramTransactionLevel, 0));
    CHECK_ERR(JET_errInvalidParameter, seti(&inst, 0, JET_paramTransactionLevel, 0));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, s, JET_paramErrorToString, 0));
    CHECK_ERR(JET_errInvalidParameter, seti(&inst, 0, JET_paramMaxColtyp, 19));
    CHECK_OK(JetTerm(inst));
}

/* ---- S-PAR-01/02: round trips and ranges -------------------------------------------------- */

TEST(par_numeric_round_trip_and_ranges_globals) {
    /* S-PAR-01 S-PAR-02 S-PAR-03: every normal/ignored numeric parameter stores a new value and
     * reads it back; one below the range and one above give -1003 and change nothing */
    int n = 0;
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (!roundtrip_num(d)) continue;
        n++;
        uint64_t v = other_value(d);
        CHECK_ERR_ID(id, JET_errSuccess, seti(NULL, 0, id, (JET_API_PTR)v));
        CHECK_EQ_ID(id, val(0, 0, id), v);
        if (d->low > 0) {
            CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, (JET_API_PTR)(d->low - 1)));
            CHECK_EQ_ID(id, val(0, 0, id), v);
        }
        if (d->high != MAXV) {
            CHECK_ERR_ID(id, JET_errInvalidParameter, seti(NULL, 0, id, (JET_API_PTR)(d->high + 1)));
            CHECK_EQ_ID(id, val(0, 0, id), v);
        }
        /* the W function sets integers the same way */
        CHECK_ERR_ID(id, JET_errSuccess, JetSetSystemParameterW(NULL, 0, id, (JET_API_PTR)d->dflt, NULL));
        CHECK_EQ_ID(id, val(0, 0, id), d->dflt);
        CHECK_ERR_ID(id, JET_errSuccess, JetSetSystemParameterW(NULL, 0, id, (JET_API_PTR)v, NULL));
        CHECK_EQ_ID(id, val(0, 0, id), v);
        if (id == JET_paramEnableAdvanced) CHECK_OK(seti(NULL, 0, id, 1));
    }
    CHECK(n > 100);
    /* the bounds themselves are accepted */
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 30000));
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 0));
    CHECK_OK(seti(NULL, 0, JET_paramLogFileSize, 64));
    CHECK_OK(seti(NULL, 0, JET_paramLogFileSize, 32768));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramLogFileSize, 63));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramLogFileSize, 32769));
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 10240));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramMaxInstances, 0));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramMaxInstances, 10241));
    CHECK_EQ(val(0, 0, JET_paramMaxInstances), 10240);
}

static void make_string(char *s, size_t len, char first) {
    for (size_t i = 0; i < len; i++) s[i] = (char)(first + (char)(i % 26));
    s[len] = 0;
}

TEST(par_string_round_trip_and_lengths_globals) {
    /* S-PAR-01 S-PAR-02 S-PAR-05: every normal/ignored string parameter, set A and W, read A and
     * W; one character too many (or too few) gives -1003 and changes nothing */
    int n = 0;
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (!roundtrip_str(d)) continue;
        n++;
        size_t len = d->low > 0 ? (size_t)d->low : 3;
        if (len > d->high) len = (size_t)d->high;
        char s[600], t[600], got[600];
        WCHAR ws[600], wgot[600];
        make_string(s, len, 'a');
        make_string(t, len, 'K');
        CHECK_ERR_ID(id, JET_errSuccess, sets(NULL, 0, id, s));
        CHECK_ERR_ID(id, JET_errSuccess, pget_a(0, 0, id, got, sizeof got));
        CHECK(strcmp(got, s) == 0);
        CHECK_ERR_ID(id, JET_errSuccess, pget_w(0, 0, id, wgot, sizeof wgot));
        CHECK(weq(wgot, s));
        to_wide(t, ws);
        CHECK_ERR_ID(id, JET_errSuccess, JetSetSystemParameterW(NULL, 0, id, 0, ws));
        CHECK_ERR_ID(id, JET_errSuccess, pget_a(0, 0, id, got, sizeof got));
        CHECK(strcmp(got, t) == 0);
        /* too long */
        char longer[600];
        make_string(longer, (size_t)d->high + 1, 'a');
        CHECK_ERR_ID(id, JET_errInvalidParameter, sets(NULL, 0, id, longer));
        to_wide(longer, ws);
        CHECK_ERR_ID(id, JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, id, 0, ws));
        CHECK_ERR_ID(id, JET_errSuccess, pget_a(0, 0, id, got, sizeof got));
        CHECK(strcmp(got, t) == 0);
        /* too short */
        if (d->low > 0) {
            char shorter[600];
            make_string(shorter, (size_t)d->low - 1, 'a');
            CHECK_ERR_ID(id, JET_errInvalidParameter, sets(NULL, 0, id, shorter));
            CHECK_ERR_ID(id, JET_errSuccess, pget_a(0, 0, id, got, sizeof got));
            CHECK(strcmp(got, t) == 0);
        }
        /* the longest allowed value fits */
        make_string(longer, (size_t)d->high, 'b');
        CHECK_ERR_ID(id, JET_errSuccess, sets(NULL, 0, id, longer));
        CHECK_ERR_ID(id, JET_errSuccess, pget_a(0, 0, id, got, sizeof got));
        CHECK(strcmp(got, longer) == 0);
    }
    CHECK(n > 30);
}

TEST(par_custom_parameters_round_trip) {
    /* S-PAR-01 S-PAR-03: custom parameters with a plain value are stored and read back */
    static const struct { uint32_t id; JET_API_PTR v; } ok[] = {
        {JET_paramCacheSizeMax, 5000},     {JET_paramCacheSizeMin, 100},
        {JET_paramCheckpointDepthMax, 1u << 20}, {JET_paramCachedClosedTables, 1000},
        {JET_paramCachePriority, 1000},    {JET_paramCachePriority, 0},
        {JET_paramConfiguration, 3},       {JET_paramDatabasePageSize, 8192},
        {JET_paramDatabasePageSize, 32768}, {JET_paramDatabasePageSize, 4096},
        {JET_paramCacheSize, 1234},        {JET_paramEnableShrinkDatabase, JET_bitShrinkDatabaseOn},
        {JET_paramCommitDefault, JET_bitCommitLazyFlush},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        CHECK_ERR_ID(ok[i].id, JET_errSuccess, seti(NULL, 0, ok[i].id, ok[i].v));
        CHECK_EQ_ID(ok[i].id, val(0, 0, ok[i].id), ok[i].v);
    }
    static const struct { uint32_t id; JET_API_PTR v; } bad[] = {
        {JET_paramCacheSizeMax, 0},        {JET_paramCacheSizeMin, 0},
        {JET_paramCachedClosedTables, 2147483648u}, {JET_paramCachePriority, 1001},
        {JET_paramConfiguration, 2048},    {JET_paramDatabasePageSize, 2048},
        {JET_paramDatabasePageSize, 65536}, {JET_paramCommitDefault, 0x4},
        {JET_paramCommitDefault, 0x40},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_API_PTR before = val(0, 0, bad[i].id);
        CHECK_ERR_ID(bad[i].id, JET_errInvalidParameter, seti(NULL, 0, bad[i].id, bad[i].v));
        CHECK_EQ_ID(bad[i].id, val(0, 0, bad[i].id), before);
    }
}

TEST(par_base_name_is_exactly_three_characters) {
    /* S-PAR-02 S-PAR-05: JET_paramBaseName length 3..3, counted in characters */
    char got[16];
    WCHAR wgot[16];
    static const char *bad[] = {"", "a", "ab", "abcd", "abcdefgh"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_ERR(JET_errInvalidParameter, sets(NULL, 0, JET_paramBaseName, bad[i]));
    CHECK_ERR(JET_errInvalidParameter, sets(NULL, 0, JET_paramBaseName, NULL));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, WS("ab")));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, WS("abcd")));
    CHECK_ERR(JET_errInvalidParameter, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, NULL));
    CHECK_OK(pget_a(0, 0, JET_paramBaseName, got, sizeof got));
    CHECK(strcmp(got, "edb") == 0);
    CHECK_OK(sets(NULL, 0, JET_paramBaseName, "abc"));
    CHECK_OK(pget_a(0, 0, JET_paramBaseName, got, sizeof got));
    CHECK(strcmp(got, "abc") == 0);
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, WS("xyz")));
    CHECK_OK(pget_w(0, 0, JET_paramBaseName, wgot, sizeof wgot));
    CHECK(weq(wgot, "xyz"));
    /* "é" is one character but two UTF-8 bytes: "éab" has three characters */
    CHECK_OK(sets(NULL, 0, JET_paramBaseName, "\xc3\xa9" "ab"));
    CHECK_OK(pget_a(0, 0, JET_paramBaseName, got, sizeof got));
    CHECK(strcmp(got, "\xc3\xa9" "ab") == 0);
    CHECK_OK(pget_w(0, 0, JET_paramBaseName, wgot, sizeof wgot));
    CHECK(wgot[0] == 0xE9 && wgot[1] == 'a' && wgot[2] == 'b' && wgot[3] == 0);
    CHECK_ERR(JET_errInvalidParameter, sets(NULL, 0, JET_paramBaseName, "\xc3\xa9\xc3\xa9\xc3\xa9" "a"));
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, WS("\u00e9\u00e9\u00e9")));
    CHECK_OK(pget_a(0, 0, JET_paramBaseName, got, sizeof got));
    CHECK(strcmp(got, "\xc3\xa9\xc3\xa9\xc3\xa9") == 0);
}

TEST(par_string_get_buffer_rules) {
    /* S-PAR-05: get writes at most cbMax bytes including the NUL; too small → -1038 */
    char buf[32];
    WCHAR wbuf[16];
    JET_API_PTR lp = 0;
    /* "edb" needs 4 bytes narrow, 8 bytes wide */
    memset(buf, 0x7f, sizeof buf);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterA(0, 0, JET_paramBaseName, &lp, buf, 3));
    for (size_t i = 3; i < sizeof buf; i++) CHECK_EQ(buf[i], 0x7f);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterA(0, 0, JET_paramBaseName, &lp, buf, 1));
    memset(buf, 0x7f, sizeof buf);
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramBaseName, &lp, buf, 4));
    CHECK(strcmp(buf, "edb") == 0);
    for (size_t i = 4; i < sizeof buf; i++) CHECK_EQ(buf[i], 0x7f);

    unsigned char *wb = (unsigned char *)wbuf;
    memset(wbuf, 0x7f, sizeof wbuf);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterW(0, 0, JET_paramBaseName, &lp, wbuf, 7));
    for (size_t i = 7; i < sizeof wbuf; i++) CHECK_EQ(wb[i], 0x7f);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterW(0, 0, JET_paramBaseName, &lp, wbuf, 6));
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterW(0, 0, JET_paramBaseName, &lp, wbuf, 2));
    memset(wbuf, 0x7f, sizeof wbuf);
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramBaseName, &lp, wbuf, 8));
    CHECK(weq(wbuf, "edb"));
    for (size_t i = 8; i < sizeof wbuf; i++) CHECK_EQ(wb[i], 0x7f);

    /* an empty string needs exactly its terminator */
    CHECK_OK(sets(NULL, 0, JET_paramEventSource, ""));
    memset(buf, 0x7f, sizeof buf);
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramEventSource, &lp, buf, 1));
    CHECK_EQ(buf[0], 0);
    CHECK_EQ(buf[1], 0x7f);
    memset(wbuf, 0x7f, sizeof wbuf);
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramEventSource, &lp, wbuf, 2));
    CHECK_EQ(wbuf[0], 0);
    CHECK_EQ(wb[2], 0x7f);

    /* a long path: exactly strlen + 1 bytes */
    char path[300], got[300];
    make_string(path, 246, 'a');
    CHECK_OK(sets(NULL, 0, JET_paramSystemPath, path));
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterA(0, 0, JET_paramSystemPath, &lp, got, 246));
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramSystemPath, &lp, got, 247));
    CHECK(strcmp(got, path) == 0);
    /* a non-ASCII value: the buffer counts UTF-8 bytes narrow and UTF-16 bytes wide */
    CHECK_OK(sets(NULL, 0, JET_paramEventSource, "\xe2\x82\xac")); /* U+20AC, 3 bytes, 1 unit */
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterA(0, 0, JET_paramEventSource, &lp, buf, 3));
    CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramEventSource, &lp, buf, 4));
    CHECK(strcmp(buf, "\xe2\x82\xac") == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetSystemParameterW(0, 0, JET_paramEventSource, &lp, wbuf, 3));
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramEventSource, &lp, wbuf, 4));
    CHECK(wbuf[0] == 0x20AC && wbuf[1] == 0);
}

TEST(par_null_output_pointers) {
    /* S-PAR-01 S-PAR-05: NULL plParam for an integer parameter, NULL buffer for a string one */
    char buf[16];
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramMaxSessions, NULL, NULL, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramMaxSessions, NULL, NULL, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramMaxSessions, NULL, buf, sizeof buf));
    JET_API_PTR lp = 0;
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramBaseName, &lp, NULL, 16));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramBaseName, &lp, NULL, 16));
    /* the values were not disturbed */
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 16);
}

TEST(par_invalid_unicode_is_translation_fail) {
    /* S-PAR-05 (S-ABI-06): invalid UTF-8 to the A setter, invalid UTF-16 to the W setter */
    static const WCHAR lone_high[] = {0xD800, 'a', 'b', 0};
    static const WCHAR lone_low[] = {'a', 0xDC00, 'b', 0};
    static const WCHAR high_high[] = {0xD800, 0xD800, 'b', 0};
    static const WCHAR trailing_high[] = {'a', 'b', 0xDBFF, 0};
    static const WCHAR pair[] = {0xD83D, 0xDE00, 'a', 0}; /* U+1F600 + "a": valid */
    char got[16];
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(NULL, 0, JET_paramBaseName, "\xff"));
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(NULL, 0, JET_paramBaseName, "a\xff" "b"));
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(NULL, 0, JET_paramBaseName, "ab\xc3"));
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(NULL, 0, JET_paramEventSource, "\xed\xa0\x80")); /* CESU surrogate */
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(NULL, 0, JET_paramSystemPath, "\xc0\xaf"));      /* overlong */
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, lone_high));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, lone_low));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, high_high));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(NULL, 0, JET_paramBaseName, 0, trailing_high));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(NULL, 0, JET_paramEventSource, 0, lone_high));
    CHECK_OK(pget_a(0, 0, JET_paramBaseName, got, sizeof got));
    CHECK(strcmp(got, "edb") == 0);
    CHECK_OK(pget_a(0, 0, JET_paramEventSource, got, sizeof got));
    CHECK(strcmp(got, "") == 0);
    /* a valid surrogate pair is fine */
    CHECK_OK(JetSetSystemParameterW(NULL, 0, JET_paramEventSource, 0, pair));
    CHECK_OK(pget_a(0, 0, JET_paramEventSource, got, sizeof got));
    CHECK(strcmp(got, "\xf0\x9f\x98\x80" "a") == 0);
    /* through an instance target too */
    JET_INSTANCE inst = fixture_created("u");
    CHECK_ERR(JET_errUnicodeTranslationFail, sets(&inst, 0, JET_paramBaseName, "\xfe\xfe\xfe"));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetSetSystemParameterW(&inst, 0, JET_paramBaseName, 0, lone_high));
    CHECK_OK(JetTerm(inst));
}

/* ---- S-PAR-02: target resolution ---------------------------------------------------------- */

TEST(par_target_resolution_multi_instance) {
    /* S-PAR-02: sesid wins, then *pinstance, then the globals; per-instance values are cloned
     * from the globals at JetCreateInstance; global parameters live in the globals */
    const uint32_t P = JET_paramDbExtensionSize; /* per instance, not locked after init */
    CHECK_OK(seti(NULL, 0, P, 100));
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_OK(seti(NULL, 0, P, 200));
    JET_INSTANCE b = fixture_running("b", -1);
    CHECK_EQ(val(a, 0, P), 100);
    CHECK_EQ(val(b, 0, P), 200);
    CHECK_EQ(val(0, 0, P), 200);
    CHECK_EQ(val(JET_instanceNil, 0, P), 200);
    /* *pinstance addresses that instance only */
    CHECK_OK(seti(&a, 0, P, 300));
    CHECK_EQ(val(a, 0, P), 300);
    CHECK_EQ(val(b, 0, P), 200);
    CHECK_EQ(val(0, 0, P), 200);
    /* a pinstance holding 0 or nil, or NULL, addresses the globals */
    JET_INSTANCE zero = 0, nil = JET_instanceNil;
    CHECK_OK(seti(&zero, 0, P, 400));
    CHECK_EQ(val(0, 0, P), 400);
    CHECK_OK(seti(&nil, JET_sesidNil, P, 500));
    CHECK_EQ(val(0, 0, P), 500);
    CHECK_EQ(val(a, 0, P), 300);
    CHECK_EQ(val(b, 0, P), 200);
    /* a sesid wins over *pinstance: the session's instance */
    JET_SESID sa = fixture_session(a);
    CHECK_OK(seti(&b, sa, P, 600));
    CHECK_EQ(val(a, 0, P), 600);
    CHECK_EQ(val(b, 0, P), 200);
    CHECK_EQ(val(b, sa, P), 600);
    CHECK_EQ(val(0, sa, P), 600);
    /* a global parameter set through an instance lands in the globals */
    CHECK_OK(seti(&a, 0, JET_paramExceptionAction, 1));
    CHECK_EQ(val(0, 0, JET_paramExceptionAction), 1);
    CHECK_EQ(val(b, 0, JET_paramExceptionAction), 1);
    CHECK_OK(seti(NULL, 0, JET_paramCacheSizeMax, 4321));
    CHECK_EQ(val(a, 0, JET_paramCacheSizeMax), 4321);
    CHECK_EQ(val(0, sa, JET_paramCacheSizeMax), 4321);
    /* strings follow the same rules */
    char got[300];
    CHECK_OK(sets(NULL, 0, PARAM_TABLE_CLASS_NAME, "glob"));
    CHECK_OK(sets(&a, 0, PARAM_TABLE_CLASS_NAME, "viaA"));
    CHECK_OK(pget_a(0, 0, PARAM_TABLE_CLASS_NAME, got, sizeof got));
    CHECK(strcmp(got, "viaA") == 0);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(par_values_cloned_at_create) {
    /* S-PAR-01 S-PAR-02: a created instance copies the globals once; later global changes do not
     * reach it, and its own changes do not reach the globals or other instances */
    char got[300];
    CHECK_OK(sets(NULL, 0, JET_paramSystemPath, "/one/"));
    CHECK_OK(seti(NULL, 0, JET_paramLogFileSize, 1024));
    JET_INSTANCE a = fixture_created("a");
    CHECK_OK(sets(NULL, 0, JET_paramSystemPath, "/two/"));
    CHECK_OK(seti(NULL, 0, JET_paramLogFileSize, 2048));
    JET_INSTANCE b = fixture_created("b");
    CHECK_OK(pget_a(a, 0, JET_paramSystemPath, got, sizeof got));
    CHECK(strcmp(got, "/one/") == 0);
    CHECK_OK(pget_a(b, 0, JET_paramSystemPath, got, sizeof got));
    CHECK(strcmp(got, "/two/") == 0);
    CHECK_EQ(val(a, 0, JET_paramLogFileSize), 1024);
    CHECK_EQ(val(b, 0, JET_paramLogFileSize), 2048);
    CHECK_OK(sets(&a, 0, JET_paramSystemPath, "/a/"));
    CHECK_OK(pget_a(0, 0, JET_paramSystemPath, got, sizeof got));
    CHECK(strcmp(got, "/two/") == 0);
    CHECK_OK(pget_a(b, 0, JET_paramSystemPath, got, sizeof got));
    CHECK(strcmp(got, "/two/") == 0);
    /* JetInit keeps the instance's values */
    CHECK_OK(JetInit(&a));
    CHECK_OK(pget_a(a, 0, JET_paramSystemPath, got, sizeof got));
    CHECK(strcmp(got, "/a/") == 0);
    CHECK_EQ(val(a, 0, JET_paramLogFileSize), 1024);
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(par_target_resolution_single_and_none) {
    /* S-PAR-02: mode none addresses the globals, which the single instance copies; in
     * single-instance mode per-instance parameters go to the single instance, handle or not */
    const uint32_t P = JET_paramDbExtensionSize;
    CHECK_OK(seti(NULL, 0, P, 111));
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 2));
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_EQ(val(0, 0, P), 111);
    CHECK_EQ(val(inst, 0, P), 111);
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 2);
    CHECK_OK(seti(NULL, 0, P, 222));
    CHECK_EQ(val(inst, 0, P), 222);
    CHECK_OK(seti(&inst, 0, P, 333));
    CHECK_EQ(val(0, 0, P), 333);
    JET_SESID s = fixture_session(inst);
    CHECK_EQ(val(0, s, P), 333);
    /* the copied MaxSessions is in force */
    JET_SESID s2 = fixture_session(0), s3 = 0;
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s3, NULL, NULL));
    CHECK_OK(JetEndSession(s2, 0));
    CHECK_OK(JetTerm(inst));
    /* back in mode none, the globals still hold what was set before JetInit */
    CHECK_EQ(val(0, 0, P), 111);
}

TEST(par_bad_handles_multi_instance) {
    /* S-PAR-02 S-HDL-02 S-HDL-03 S-HDL-04: in multi-instance mode a sesid that is not 0/nil must
     * be live (-1104); a *pinstance that is not 0/nil must be live (-1115) */
    JET_INSTANCE a = fixture_running("a", -1);
    JET_INSTANCE dead = fixture_created("dead");
    CHECK_OK(JetTerm(dead));
    JET_SESID s = fixture_session(a);
    JET_SESID ended = fixture_session(a);
    CHECK_OK(JetEndSession(ended, 0));
    JET_API_PTR v;
    char buf[16];
    WCHAR wbuf[16];
    const JET_INSTANCE bad_inst[] = {0x1234, dead, (JET_INSTANCE)s, a + 1, a ^ ((JET_INSTANCE)1 << 62)};
    for (size_t i = 0; i < sizeof bad_inst / sizeof bad_inst[0]; i++) {
        JET_INSTANCE h = bad_inst[i];
        CHECK_ERR(JET_errInvalidInstance, seti(&h, 0, JET_paramDbExtensionSize, 10));
        CHECK_ERR(JET_errInvalidInstance, JetSetSystemParameterW(&h, 0, JET_paramEventSource, 0, WS("x")));
        CHECK_ERR(JET_errInvalidInstance, geti(h, 0, JET_paramDbExtensionSize, &v));
        CHECK_ERR(JET_errInvalidInstance, pget_a(h, 0, JET_paramBaseName, buf, sizeof buf));
        CHECK_ERR(JET_errInvalidInstance, pget_w(h, 0, JET_paramBaseName, wbuf, sizeof wbuf));
        CHECK_EQ(h, bad_inst[i]);
    }
    const JET_SESID bad_ses[] = {0x1234, ended, (JET_SESID)a, s + 1, s ^ ((JET_SESID)1 << 62)};
    for (size_t i = 0; i < sizeof bad_ses / sizeof bad_ses[0]; i++) {
        CHECK_ERR(JET_errInvalidSesid, seti(NULL, bad_ses[i], JET_paramDbExtensionSize, 10));
        CHECK_ERR(JET_errInvalidSesid, seti(&a, bad_ses[i], JET_paramCommitDefault, 0));
        CHECK_ERR(JET_errInvalidSesid, geti(0, bad_ses[i], JET_paramDbExtensionSize, &v));
        CHECK_ERR(JET_errInvalidSesid, geti(a, bad_ses[i], JET_paramTransactionLevel, &v));
        CHECK_ERR(JET_errInvalidSesid, pget_w(0, bad_ses[i], JET_paramBaseName, wbuf, sizeof wbuf));
    }
    /* nothing was changed by the rejected calls */
    CHECK_EQ(val(a, 0, JET_paramDbExtensionSize), 256);
    CHECK_EQ(val(0, 0, JET_paramDbExtensionSize), 256);
    CHECK_OK(JetEndSession(s, 0));
    CHECK_OK(JetTerm(a));
}

TEST(par_bad_instance_handles_in_none_and_single_mode) {
    /* S-HDL-04: an instance handle that is not 0, not nil and not live gives -1115 on
     * JetGet/SetSystemParameter whatever the mode (only 0 and nil follow the mode rules) */
    JET_API_PTR v;
    JET_INSTANCE forged = 0x1234;
    /* mode none, never any instance */
    CHECK_ERR(JET_errInvalidInstance, seti(&forged, 0, JET_paramDbExtensionSize, 10));
    CHECK_ERR(JET_errInvalidInstance, geti(forged, 0, JET_paramDbExtensionSize, &v));
    /* mode none again, with a stale handle */
    JET_INSTANCE dead = fixture_created("dead");
    CHECK_OK(JetTerm(dead));
    CHECK_ERR(JET_errInvalidInstance, seti(&dead, 0, JET_paramDbExtensionSize, 10));
    CHECK_ERR(JET_errInvalidInstance, geti(dead, 0, JET_paramDbExtensionSize, &v));
    CHECK_EQ(val(0, 0, JET_paramDbExtensionSize), 256);
    /* single-instance mode */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_ERR(JET_errInvalidInstance, seti(&forged, 0, JET_paramDbExtensionSize, 10));
    CHECK_ERR(JET_errInvalidInstance, geti(forged, 0, JET_paramDbExtensionSize, &v));
    CHECK_ERR(JET_errInvalidInstance, seti(&dead, 0, JET_paramDbExtensionSize, 10));
    CHECK_ERR(JET_errInvalidInstance, geti(dead, 0, JET_paramDbExtensionSize, &v));
    CHECK_EQ(val(inst, 0, JET_paramDbExtensionSize), 256);
    CHECK_OK(JetTerm(inst));
}

/* ---- S-PAR-02: equal value, locks, check order -------------------------------------------- */

TEST(par_equal_value_rule_after_init) {
    /* S-PAR-02: on an initialized instance a locked integer set to its current value succeeds,
     * any other value gives -1030; a string parameter gives -1030 even with the same text */
    JET_INSTANCE inst = fixture_created("eq");
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 9));
    CHECK_OK(sets(&inst, 0, JET_paramBaseName, "edb")); /* not locked yet: same text is fine */
    CHECK_OK(JetInit(&inst));
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 9));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&inst, 0, JET_paramMaxSessions, 10));
    CHECK_OK(seti(&inst, 0, JET_paramLogFileSize, 5120));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&inst, 0, JET_paramLogFileSize, 1024));
    CHECK_OK(seti(&inst, 0, JET_paramCircularLog, 0));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&inst, 0, JET_paramCircularLog, 1));
    CHECK_OK(JetSetSystemParameterW(&inst, 0, JET_paramMaxSessions, 9, NULL));
    CHECK_ERR(JET_errAlreadyInitialized, sets(&inst, 0, JET_paramBaseName, "edb"));
    CHECK_ERR(JET_errAlreadyInitialized, JetSetSystemParameterW(&inst, 0, JET_paramBaseName, 0, WS("edb")));
    CHECK_ERR(JET_errAlreadyInitialized, sets(&inst, 0, JET_paramBaseName, "new"));
    CHECK_ERR(JET_errAlreadyInitialized, sets(&inst, 0, JET_paramSystemPath, ".\\"));
    CHECK_ERR(JET_errAlreadyInitialized, sets(&inst, 0, JET_paramEventSource, ""));
    /* through a session of the instance, the same */
    JET_SESID s = fixture_session(inst);
    CHECK_OK(seti(NULL, s, JET_paramMaxSessions, 9));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, s, JET_paramMaxSessions, 8));
    CHECK_ERR(JET_errAlreadyInitialized, sets(NULL, s, JET_paramBaseName, "edb"));
    CHECK_EQ(val(inst, 0, JET_paramMaxSessions), 9);
    /* parameters without the instance lock stay settable */
    CHECK_OK(seti(&inst, 0, JET_paramEnableIndexChecking, 2));
    CHECK_EQ(val(inst, 0, JET_paramEnableIndexChecking), 2);
    CHECK_OK(seti(&inst, 0, JET_paramCheckpointDepthMax, 1u << 22));
    CHECK_EQ(val(inst, 0, JET_paramCheckpointDepthMax), 1u << 22);
    CHECK_OK(seti(&inst, 0, JET_paramDbExtensionSize, 77));
    CHECK_EQ(val(inst, 0, JET_paramDbExtensionSize), 77);
    CHECK_OK(JetTerm(inst));
}

TEST(par_set_check_order) {
    /* S-PAR-02: equal value → success; lock → -1030; range or length → -1003, in that order */
    JET_INSTANCE inst = fixture_running("order", -1);
    /* locked and out of range: the lock wins */
    CHECK_ERR(JET_errAlreadyInitialized, seti(&inst, 0, JET_paramMaxSessions, 40000));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&inst, 0, JET_paramLogFileSize, 1));
    CHECK_ERR(JET_errAlreadyInitialized, sets(&inst, 0, JET_paramBaseName, "toolong"));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramMaxInstances, 0));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramDatabasePageSize, 3));
    /* not locked: the range check */
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramMaxSessions, 40000));
    CHECK_ERR(JET_errInvalidParameter, sets(NULL, 0, JET_paramBaseName, "toolong"));
    CHECK_ERR(JET_errInvalidParameter, seti(&inst, 0, JET_paramIndexTupleStart, 32768));
    /* equal value on a locked global: success */
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 16));
    CHECK_OK(seti(NULL, 0, JET_paramDatabasePageSize, 4096));
    CHECK_OK(seti(&inst, 0, JET_paramDatabasePageSize, 4096));
    CHECK_OK(JetTerm(inst));
}

TEST(par_lock_after_global_init) {
    /* S-PAR-02: "may not write after global init" parameters (MaxInstances, DatabasePageSize,
     * TableClass names...) → -1030 once the mode is chosen, unless equal; free again in mode none */
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 8));
    CHECK_OK(seti(NULL, 0, JET_paramDatabasePageSize, 8192));
    CHECK_OK(sets(NULL, 0, JET_paramTableClass1Name, "Hot"));
    CHECK_OK(sets(NULL, 0, JET_paramTableClass1Name, "Hot")); /* mode none: same text is fine */
    JET_INSTANCE a = fixture_created("a"); /* created only: the mode is multi */
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramMaxInstances, 9));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&a, 0, JET_paramMaxInstances, 9));
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 8));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramDatabasePageSize, 4096));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&a, 0, JET_paramDatabasePageSize, 16384));
    CHECK_OK(seti(NULL, 0, JET_paramDatabasePageSize, 8192));
    CHECK_OK(seti(&a, 0, JET_paramDatabasePageSize, 8192));
    CHECK_ERR(JET_errAlreadyInitialized, sets(NULL, 0, JET_paramTableClass1Name, "Cold"));
    CHECK_ERR(JET_errAlreadyInitialized, sets(NULL, 0, JET_paramTableClass1Name, "Hot"));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramGlobalMinVerPages, 65));
    CHECK_EQ(val(0, 0, JET_paramMaxInstances), 8);
    CHECK_EQ(val(a, 0, JET_paramDatabasePageSize), 8192);
    /* globals without the lock stay settable */
    CHECK_OK(seti(NULL, 0, JET_paramCacheSizeMax, 1000));
    CHECK_OK(seti(NULL, 0, JET_paramExceptionAction, 2));
    CHECK_OK(JetTerm(a));
    /* mode none again */
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 9));
    CHECK_OK(seti(NULL, 0, JET_paramDatabasePageSize, 16384));
    CHECK_OK(sets(NULL, 0, JET_paramTableClass1Name, "Cold"));
    /* single-instance mode locks them as well */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramMaxInstances, 10));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramDatabasePageSize, 4096));
    CHECK_OK(seti(NULL, 0, JET_paramDatabasePageSize, 16384));
    CHECK_OK(JetTerm(inst));
    /* and so does JetEnableMultiInstance, with no instance at all */
    JET_SETSYSPARAM_A p[1] = {{JET_paramCacheSizeMax, 2000, NULL, 0}};
    CHECK_OK(JetEnableMultiInstanceA(p, 1, NULL));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramMaxInstances, 11));
    CHECK_ERR(JET_errAlreadyInitialized, seti(NULL, 0, JET_paramDatabasePageSize, 8192));
    CHECK_EQ(val(0, 0, JET_paramMaxInstances), 9);
}

TEST(par_lock_rules_for_every_parameter) {
    /* S-PAR-01 S-PAR-02: for every normal/ignored numeric parameter on a created instance, then
     * on the initialized instance: lock flags from the table decide -1030; equal always works */
    JET_INSTANCE inst = fixture_created("locks");
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (!roundtrip_num(d)) continue;
        uint64_t v = other_value(d);
        CHECK_ERR_ID(id, JET_errSuccess, seti(&inst, 0, id, (JET_API_PTR)d->dflt));
        if (d->lockglobal) {
            CHECK_ERR_ID(id, JET_errAlreadyInitialized, seti(&inst, 0, id, (JET_API_PTR)v));
            CHECK_EQ_ID(id, val(inst, 0, id), d->dflt);
        } else {
            CHECK_ERR_ID(id, JET_errSuccess, seti(&inst, 0, id, (JET_API_PTR)v));
            CHECK_EQ_ID(id, val(inst, 0, id), v);
            /* per-instance values leave the globals alone */
            CHECK_EQ_ID(id, val(0, 0, id), d->glob ? v : d->dflt);
            CHECK_ERR_ID(id, JET_errSuccess, seti(&inst, 0, id, (JET_API_PTR)d->dflt));
        }
        if (id == JET_paramEnableAdvanced) CHECK_OK(seti(&inst, 0, id, 1));
    }
    CHECK_OK(JetInit(&inst));
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (!roundtrip_num(d)) continue;
        uint64_t v = other_value(d);
        CHECK_ERR_ID(id, JET_errSuccess, seti(&inst, 0, id, (JET_API_PTR)d->dflt));
        if (d->lockglobal || d->lockinst) {
            CHECK_ERR_ID(id, JET_errAlreadyInitialized, seti(&inst, 0, id, (JET_API_PTR)v));
            CHECK_EQ_ID(id, val(inst, 0, id), d->dflt);
        } else {
            CHECK_ERR_ID(id, JET_errSuccess, seti(&inst, 0, id, (JET_API_PTR)v));
            CHECK_EQ_ID(id, val(inst, 0, id), v);
        }
        if (id == JET_paramEnableAdvanced) CHECK_OK(seti(&inst, 0, id, 1));
    }
    /* strings: every one of them is locked after init, same text or not, except unlocked ones */
    for (uint32_t id = 0; id < JET_paramMaxValueInvalid; id++) {
        const struct pdef *d = &PARAMS[id];
        if (!roundtrip_str(d)) continue;
        JET_ERR want = d->lockglobal || d->lockinst ? JET_errAlreadyInitialized : JET_errSuccess;
        CHECK_ERR_ID(id, want, sets(&inst, 0, id, d->sdflt));
        CHECK_ERR_ID(id, want, sets(&inst, 0, id, "abc"));
    }
    CHECK_OK(JetTerm(inst));
}

TEST(par_lock_after_instance_init_max_sessions) {
    /* S-PAR-02 S-PAR-03: JET_paramMaxSessions may change on a created instance, not after its
     * JetInit; the globals stay settable and only reach instances created later */
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 3));
    JET_INSTANCE a = fixture_created("a");
    CHECK_EQ(val(a, 0, JET_paramMaxSessions), 3);
    CHECK_OK(seti(&a, 0, JET_paramMaxSessions, 2));
    CHECK_OK(JetInit(&a));
    CHECK_ERR(JET_errAlreadyInitialized, seti(&a, 0, JET_paramMaxSessions, 4));
    CHECK_OK(seti(&a, 0, JET_paramMaxSessions, 2));
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 5));
    JET_INSTANCE b = fixture_running("b", -1);
    CHECK_EQ(val(a, 0, JET_paramMaxSessions), 2);
    CHECK_EQ(val(b, 0, JET_paramMaxSessions), 5);
    JET_SESID s[6];
    for (int i = 0; i < 2; i++) s[i] = fixture_session(a);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(a, &s[2], NULL, NULL));
    for (int i = 0; i < 5; i++) s[i] = fixture_session(b);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(b, &s[5], NULL, NULL));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
}

TEST(par_enable_advanced_zero_ignores_advanced_parameters) {
    /* S-PAR-02 S-PAR-03: with JET_paramEnableAdvanced 0 an advanced parameter (MaxSessions is
     * one) is silently ignored, even out of range; others still apply */
    CHECK_EQ(val(0, 0, JET_paramEnableAdvanced), 1);
    CHECK_OK(seti(NULL, 0, JET_paramEnableAdvanced, 0));
    CHECK_EQ(val(0, 0, JET_paramEnableAdvanced), 0);
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 7));
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 16);
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 40000));
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 16);
    CHECK_OK(seti(NULL, 0, JET_paramMaxVerPages, 0));
    CHECK_EQ(val(0, 0, JET_paramMaxVerPages), 64);
    CHECK_OK(seti(NULL, 0, JET_paramLogFileSize, 1024)); /* not advanced */
    CHECK_EQ(val(0, 0, JET_paramLogFileSize), 1024);
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramLogFileSize, 1));
    CHECK_OK(seti(NULL, 0, JET_paramEnableAdvanced, 1));
    CHECK_OK(seti(NULL, 0, JET_paramMaxSessions, 7));
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 7);
    /* per instance: the instance's own EnableAdvanced decides, and the limit really is unchanged */
    JET_INSTANCE inst = fixture_created("adv");
    CHECK_OK(seti(&inst, 0, JET_paramEnableAdvanced, 0));
    CHECK_EQ(val(0, 0, JET_paramEnableAdvanced), 1);
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 1));
    CHECK_EQ(val(inst, 0, JET_paramMaxSessions), 7);
    CHECK_OK(JetInit(&inst));
    JET_SESID s[8];
    for (int i = 0; i < 7; i++) s[i] = fixture_session(inst);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s[7], NULL, NULL));
    /* after init a locked advanced parameter is still silently ignored, not -1030 */
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 3));
    CHECK_EQ(val(inst, 0, JET_paramMaxSessions), 7);
    CHECK_OK(JetTerm(inst));
}

/* ---- S-PAR-03: parameters with an effect -------------------------------------------------- */

TEST(par_transaction_level) {
    /* S-PAR-03 (S-TRX-05): JET_paramTransactionLevel reads a session's level, needs a sesid */
    JET_API_PTR v;
    CHECK_ERR(JET_errInvalidParameter, geti(0, 0, JET_paramTransactionLevel, &v));
    JET_INSTANCE inst = fixture_running("tl", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_ERR(JET_errInvalidParameter, geti(0, 0, JET_paramTransactionLevel, &v));
    CHECK_ERR(JET_errInvalidParameter, geti(inst, 0, JET_paramTransactionLevel, &v));
    CHECK_ERR(JET_errInvalidParameter, geti(inst, JET_sesidNil, JET_paramTransactionLevel, &v));
    CHECK_EQ(val(0, s, JET_paramTransactionLevel), 0);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_EQ(val(inst, s, JET_paramTransactionLevel), 2);
    JET_API_PTR w = SENTINEL;
    CHECK_OK(JetGetSystemParameterW(0, s, JET_paramTransactionLevel, &w, NULL, 0));
    CHECK_EQ(w, 2);
    CHECK_OK(JetRollback(s, 0));
    CHECK_EQ(val(0, s, JET_paramTransactionLevel), 1);
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, s, JET_paramTransactionLevel, 0));
    CHECK_EQ(val(0, s, JET_paramTransactionLevel), 1);
    CHECK_OK(JetCommitTransaction(s, 0));
    CHECK_EQ(val(0, s, JET_paramTransactionLevel), 0);
    CHECK_OK(JetTerm(inst));
    /* single-instance mode: still needs a sesid */
    JET_INSTANCE one = 0;
    CHECK_OK(JetInit(&one));
    CHECK_ERR(JET_errInvalidParameter, geti(0, 0, JET_paramTransactionLevel, &v));
    JET_SESID t = fixture_session(one);
    CHECK_OK(JetBeginTransaction2(t, JET_bitTransactionReadOnly));
    CHECK_EQ(val(0, t, JET_paramTransactionLevel), 1);
    CHECK_OK(JetRollback(t, 0));
    CHECK_OK(JetTerm(one));
}

TEST(par_max_sessions_exact_limit) {
    /* S-PAR-03: exactly JET_paramMaxSessions sessions; the next begin or dup → -1101 */
    JET_INSTANCE inst = fixture_created("ms");
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 5));
    CHECK_OK(JetInit(&inst));
    JET_SESID s[6], extra = 0x77;
    for (int i = 0; i < 5; i++) s[i] = fixture_session(inst);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &extra, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSessionW(inst, &extra, NULL, NULL));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s[0], &extra));
    CHECK_EQ(extra, 0x77);
    CHECK_OK(JetEndSession(s[2], 0));
    s[2] = fixture_session(inst);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &extra, NULL, NULL));
    CHECK_OK(JetEndSession(s[4], 0));
    CHECK_OK(JetDupSession(s[0], &s[4]));
    CHECK_ERR(JET_errOutOfSessions, JetDupSession(s[1], &extra));
    CHECK_OK(JetTerm(inst));
}

TEST(par_max_sessions_default_and_range) {
    /* S-PAR-03: default 16, range 0..30000; 0 allows no session at all */
    CHECK_EQ(val(0, 0, JET_paramMaxSessions), 16);
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramMaxSessions, 30001));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramMaxSessions, (JET_API_PTR)-1));
    JET_INSTANCE a = fixture_running("a", -1);
    JET_SESID s[17];
    for (int i = 0; i < 16; i++) s[i] = fixture_session(a);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(a, &s[16], NULL, NULL));
    JET_INSTANCE b = fixture_created("b");
    CHECK_OK(seti(&b, 0, JET_paramMaxSessions, 0));
    CHECK_OK(JetInit(&b));
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(b, &s[16], NULL, NULL));
    JET_INSTANCE c = fixture_created("c");
    CHECK_OK(seti(&c, 0, JET_paramMaxSessions, 30000));
    CHECK_OK(JetInit(&c));
    CHECK_OK(JetBeginSession(c, &s[16], NULL, NULL));
    CHECK_OK(JetTerm(a));
    CHECK_OK(JetTerm(b));
    CHECK_OK(JetTerm(c));
}

TEST(par_max_sessions_large_limit_exact) {
    /* S-PAR-03: the limit is exact at a larger value too (1000) */
    JET_INSTANCE inst = fixture_created("big");
    CHECK_OK(seti(&inst, 0, JET_paramMaxSessions, 1000));
    CHECK_OK(JetInit(&inst));
    static JET_SESID s[1001];
    int ok = 0;
    for (int i = 0; i < 1000; i++) ok += JetBeginSession(inst, &s[i], NULL, NULL) == JET_errSuccess;
    CHECK_EQ(ok, 1000);
    CHECK_ERR(JET_errOutOfSessions, JetBeginSession(inst, &s[1000], NULL, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(par_max_instances_limit) {
    /* S-PAR-03 (S-INST-02): JET_paramMaxInstances caps the live instances */
    CHECK_EQ(val(0, 0, JET_paramMaxInstances), 16);
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 3));
    JET_INSTANCE i[4];
    CHECK_OK(JetCreateInstance(&i[0], "a"));
    CHECK_OK(JetCreateInstance(&i[1], "b"));
    CHECK_OK(JetCreateInstance(&i[2], NULL));
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&i[3], "d"));
    JET_INSTANCE x = 0;
    CHECK_ERR(JET_errTooManyInstances, JetInit(&x)); /* JetInit allocating in multi mode too */
    CHECK_OK(JetTerm(i[1]));
    CHECK_OK(JetCreateInstance(&i[3], "d"));
    for (int k = 0; k < 4; k++)
        if (k != 1) CHECK_OK(JetTerm(i[k]));
    /* the default: 16 */
    CHECK_OK(seti(NULL, 0, JET_paramMaxInstances, 16));
    JET_INSTANCE many[17];
    char name[16];
    for (int k = 0; k < 16; k++) {
        snprintf(name, sizeof name, "n%d", k);
        CHECK_OK(JetCreateInstance(&many[k], name));
    }
    CHECK_ERR(JET_errTooManyInstances, JetCreateInstance(&many[16], "n16"));
    for (int k = 0; k < 16; k++) CHECK_OK(JetTerm(many[k]));
}

/* ---- S-PAR-03: JET_paramCommitDefault ------------------------------------------------------ */

TEST(par_commit_default_instance_default_reaches_new_sessions) {
    /* S-PAR-03: the instance's JET_paramCommitDefault is the default of sessions begun later:
     * with JET_bitCommitLazyFlush, a durable-commit wait needs no grbit */
    JET_INSTANCE inst = fixture_running("cd", -1);
    JET_SESID before = fixture_session(inst);
    CHECK_OK(seti(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush));
    CHECK_EQ(val(inst, 0, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_EQ(val(0, 0, JET_paramCommitDefault), 0);
    JET_SESID after = fixture_session(inst);
    CHECK_EQ(val(0, after, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_EQ(val(0, before, JET_paramCommitDefault), 0);
    CHECK_OK(JetBeginTransaction(after));
    CHECK_OK(JetCommitTransaction2(after, 0, 1, NULL));
    /* the session begun before keeps its own default: the wait needs lazy flush */
    CHECK_OK(JetBeginTransaction(before));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(before, 0, 1, NULL));
    CHECK_OK(JetCommitTransaction2(before, JET_bitCommitLazyFlush, 1, NULL));
    /* a session duplicated from it takes the instance default */
    JET_SESID dup = 0;
    CHECK_OK(JetDupSession(before, &dup));
    CHECK_EQ(val(0, dup, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_OK(JetBeginTransaction(dup));
    CHECK_OK(JetCommitTransaction2(dup, 0, 10, NULL));
    CHECK_OK(JetTerm(inst));
}

TEST(par_commit_default_session_and_global_targets) {
    /* S-PAR-03 S-PAR-02: with a sesid the session's own default is read and written; without,
     * the instance's; in mode none the globals, which created instances copy */
    CHECK_OK(seti(NULL, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush));
    JET_INSTANCE a = fixture_running("a", -1);
    CHECK_EQ(val(a, 0, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_OK(seti(NULL, 0, JET_paramCommitDefault, 0));
    JET_SESID s = fixture_session(a);
    CHECK_EQ(val(0, s, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_OK(seti(NULL, s, JET_paramCommitDefault, 0));
    CHECK_EQ(val(0, s, JET_paramCommitDefault), 0);
    CHECK_EQ(val(a, 0, JET_paramCommitDefault), JET_bitCommitLazyFlush);
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errInvalidParameter, JetCommitTransaction2(s, 0, 1, NULL));
    CHECK_OK(seti(&a, s, JET_paramCommitDefault, JET_bitCommitLazyFlush));
    CHECK_OK(JetCommitTransaction2(s, 0, 1, NULL));
    /* the session parameter and the system parameter are the same value */
    uint32_t cd = 0xFFFF, cb = 0;
    CHECK_OK(JetGetSessionParameter(s, JET_sesparamCommitDefault, &cd, sizeof cd, &cb));
    CHECK_EQ(cd, JET_bitCommitLazyFlush);
    cd = 0;
    CHECK_OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &cd, sizeof cd));
    CHECK_EQ(val(0, s, JET_paramCommitDefault), 0);
    /* bits outside the commit mask are rejected on every target */
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, s, JET_paramCommitDefault, 0x4));
    CHECK_ERR(JET_errInvalidParameter, seti(&a, 0, JET_paramCommitDefault, 0x100));
    CHECK_ERR(JET_errInvalidParameter, seti(NULL, 0, JET_paramCommitDefault, 0x80000000u));
    CHECK_OK(seti(NULL, 0, JET_paramCommitDefault, 0x1 | 0x2 | 0x8 | 0x10 | 0x20));
    CHECK_EQ(val(0, 0, JET_paramCommitDefault), 0x3B);
    CHECK_OK(JetTerm(a));
}

/* ---- S-PAR-04: JET_paramErrorToString ------------------------------------------------------ */

static JET_ERR err_text(JET_ERR code, char *buf, uint32_t cb) {
    JET_API_PTR lp = (JET_API_PTR)(intptr_t)code;
    memset(buf, 0x7f, cb);
    return JetGetSystemParameterA(0, 0, JET_paramErrorToString, &lp, buf, cb);
}

static void expect_name(JET_ERR code, const char *name) {
    char buf[512], want[128];
    CHECK_OK(err_text(code, buf, sizeof buf));
    snprintf(want, sizeof want, "%s, ", name);
    int ok = strncmp(buf, want, strlen(want)) == 0 && strlen(buf) > strlen(want) + 2;
    if (!ok) printf("    ErrorToString(%d) = \"%s\", expected \"%s...\"\n", (int)code, buf, want);
    CHECK(ok);
}

TEST(par_error_to_string_names_and_describes) {
    /* S-PAR-04: "JET_errName, description" for errors and warnings */
    expect_name(JET_errSuccess, "JET_errSuccess");
    expect_name(JET_errInvalidParameter, "JET_errInvalidParameter");
    expect_name(JET_errInvalidSesid, "JET_errInvalidSesid");
    expect_name(JET_errInvalidInstance, "JET_errInvalidInstance");
    expect_name(JET_errClientRequestToStopJetService, "JET_errClientRequestToStopJetService");
    expect_name(JET_errSessionInUse, "JET_errSessionInUse");
    expect_name(JET_errTooManyActiveUsers, "JET_errTooManyActiveUsers");
    expect_name(JET_errInstanceUnavailable, "JET_errInstanceUnavailable");
    expect_name(JET_errTermInProgress, "JET_errTermInProgress");
    expect_name(JET_errOutOfSessions, "JET_errOutOfSessions");
    expect_name(JET_errUnicodeTranslationFail, "JET_errUnicodeTranslationFail");
    expect_name(JET_errInternalError, "JET_errInternalError");
    expect_name(JET_wrnRemainingVersions, "JET_wrnRemainingVersions");
    expect_name(JET_wrnNyi, "JET_wrnNyi");
    /* the same through an instance and a session */
    JET_INSTANCE inst = fixture_running("e", -1);
    JET_SESID s = fixture_session(inst);
    char buf[256];
    JET_API_PTR lp = (JET_API_PTR)(intptr_t)JET_errOutOfSessions;
    CHECK_OK(JetGetSystemParameterA(inst, 0, JET_paramErrorToString, &lp, buf, sizeof buf));
    CHECK(strncmp(buf, "JET_errOutOfSessions, ", 22) == 0);
    lp = (JET_API_PTR)(intptr_t)JET_errOutOfSessions;
    CHECK_OK(JetGetSystemParameterA(0, s, JET_paramErrorToString, &lp, buf, sizeof buf));
    CHECK(strncmp(buf, "JET_errOutOfSessions, ", 22) == 0);
    CHECK_OK(JetTerm(inst));
}

TEST(par_error_to_string_truncates) {
    /* S-PAR-04: the text is truncated to cbMax bytes and NUL-terminated; nothing written beyond */
    char full[512], buf[64];
    CHECK_OK(err_text(JET_errInvalidSesid, full, sizeof full));
    size_t n = strlen(full);
    CHECK(n > 30);
    for (uint32_t cb = 1; cb < 40; cb++) {
        JET_API_PTR lp = (JET_API_PTR)(intptr_t)JET_errInvalidSesid;
        memset(buf, 0x7f, sizeof buf);
        CHECK_OK(JetGetSystemParameterA(0, 0, JET_paramErrorToString, &lp, buf, cb));
        CHECK_EQ(strlen(buf), cb - 1);
        CHECK(memcmp(buf, full, cb - 1) == 0);
        for (size_t i = cb; i < sizeof buf; i++) CHECK_EQ(buf[i], 0x7f);
    }
    /* exactly enough room: the whole text */
    char exact[512];
    CHECK_OK(err_text(JET_errInvalidSesid, exact, (uint32_t)n + 1));
    CHECK(strcmp(exact, full) == 0);
}

TEST(par_error_to_string_wide) {
    /* S-PAR-04: the W variant writes the same text in UTF-16; cbMax counts bytes */
    char full[512];
    WCHAR w[512];
    CHECK_OK(err_text(JET_errSessionSharingViolation, full, sizeof full));
    JET_API_PTR lp = (JET_API_PTR)(intptr_t)JET_errSessionSharingViolation;
    memset(w, 0x7f, sizeof w);
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, sizeof w));
    CHECK(memcmp(w, WS("JET_errSessionSharingViolation, "), 32 * sizeof(WCHAR)) == 0);
    int ascii = 1;
    for (size_t i = 0; full[i]; i++) ascii &= (unsigned char)full[i] < 0x80;
    if (ascii) CHECK(weq(w, full));
    else CHECK(wlen(w) > 32);
    /* truncation: 10 bytes hold 4 units and the NUL */
    memset(w, 0x7f, sizeof w);
    lp = (JET_API_PTR)(intptr_t)JET_errSessionSharingViolation;
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, 10));
    CHECK(w[0] == 'J' && w[1] == 'E' && w[2] == 'T' && w[3] == '_' && w[4] == 0);
    unsigned char *wb = (unsigned char *)w;
    for (size_t i = 10; i < 64; i++) CHECK_EQ(wb[i], 0x7f);
    /* an odd size never writes past it */
    memset(w, 0x7f, sizeof w);
    lp = (JET_API_PTR)(intptr_t)JET_errSessionSharingViolation;
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, 11));
    CHECK(wlen(w) <= 4);
    for (size_t i = 11; i < 64; i++) CHECK_EQ(wb[i], 0x7f);
    memset(w, 0x7f, sizeof w);
    lp = (JET_API_PTR)(intptr_t)JET_errSessionSharingViolation;
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, 2));
    CHECK_EQ(w[0], 0);
    CHECK_EQ(wb[2], 0x7f);
}

TEST(par_error_to_string_bad_arguments) {
    /* S-PAR-04: NULL plParam, NULL buffer or cbMax 0 → -1003, A and W */
    char buf[64];
    WCHAR w[64];
    JET_API_PTR lp = (JET_API_PTR)(intptr_t)JET_errInvalidSesid;
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramErrorToString, NULL, buf, sizeof buf));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramErrorToString, &lp, NULL, sizeof buf));
    memset(buf, 0x7f, sizeof buf);
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramErrorToString, &lp, buf, 0));
    CHECK_EQ(buf[0], 0x7f);
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterA(0, 0, JET_paramErrorToString, NULL, NULL, 0));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramErrorToString, NULL, w, sizeof w));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, NULL, sizeof w));
    CHECK_ERR(JET_errInvalidParameter, JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, 0));
}

TEST(par_error_to_string_unknown_codes) {
    /* S-PAR-04: a code no table lists still gives a readable string that names the number */
    static const JET_ERR unknown[] = {-123456, -9999, 98765, -2, 2147483647};
    char buf[256], num[32];
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK_OK(err_text(unknown[i], buf, sizeof buf));
        snprintf(num, sizeof num, "%d", (int)unknown[i]);
        int ok = strstr(buf, num) != NULL;
        if (!ok) printf("    ErrorToString(%d) = \"%s\"\n", (int)unknown[i], buf);
        CHECK(ok);
    }
    WCHAR w[256];
    JET_API_PTR lp = (JET_API_PTR)(intptr_t)-123456;
    CHECK_OK(JetGetSystemParameterW(0, 0, JET_paramErrorToString, &lp, w, sizeof w));
    size_t k = 0;
    for (; w[k]; k++) buf[k] = (char)w[k];
    buf[k] = 0;
    CHECK(strstr(buf, "-123456") != NULL);
}
