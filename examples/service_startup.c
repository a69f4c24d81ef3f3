/*
 * service_startup.c: how a Windows service brings up ESE, unchanged on Linux.
 *
 * Multi-instance mode with global settings, two named instances side by side, each configured
 * before JetInit3, sessions, a stop request at shutdown, and a clean JetTerm of each.
 */
#include <esent.h>
#include <stdio.h>
#include <stdlib.h>

static void check(const char *what, JET_ERR err) {
    printf("%-64s -> %d\n", what, (int)err);
    if (err < 0) exit(1);
}

static void configure(JET_INSTANCE *inst, const char *dir, const char *base) {
    check("  JetSetSystemParameter(JET_paramSystemPath)", JetSetSystemParameter(inst, 0, JET_paramSystemPath, 0, dir));
    check("  JetSetSystemParameter(JET_paramLogFilePath)", JetSetSystemParameter(inst, 0, JET_paramLogFilePath, 0, dir));
    check("  JetSetSystemParameter(JET_paramBaseName)", JetSetSystemParameter(inst, 0, JET_paramBaseName, 0, base));
    check("  JetSetSystemParameter(JET_paramLogFileSize, 1024)", JetSetSystemParameter(inst, 0, JET_paramLogFileSize, 1024, NULL));
    check("  JetSetSystemParameter(JET_paramCircularLog, 1)", JetSetSystemParameter(inst, 0, JET_paramCircularLog, 1, NULL));
    check("  JetSetSystemParameter(JET_paramMaxSessions, 64)", JetSetSystemParameter(inst, 0, JET_paramMaxSessions, 64, NULL));
    check("  JetSetSystemParameter(JET_paramCheckpointDepthMax)", JetSetSystemParameter(inst, 0, JET_paramCheckpointDepthMax, 8u << 20, NULL));
}

int main(void) {
    JET_SETSYSPARAM global[] = {
        {JET_paramDatabasePageSize, 8192, NULL, 0},
        {JET_paramMaxInstances, 4, NULL, 0},
        {JET_paramEnableAdvanced, 1, NULL, 0},
    };
    unsigned long count = sizeof global / sizeof global[0];
    uint32_t set = 0;
    puts("-- process-wide settings, then multi-instance mode");
    check("JetEnableMultiInstance(global, 3, &set)", JetEnableMultiInstance(global, (uint32_t)count, &set));
    printf("   %u parameters set\n", set);

    JET_INSTANCE orders, audit;
    puts("-- two instances side by side");
    check("JetCreateInstance2(&orders, \"orders\", \"Order store\", 0)", JetCreateInstance2(&orders, "orders", "Order store", 0));
    configure(&orders, "/var/lib/demo/orders/", "ord");
    check("JetCreateInstance2(&audit, \"audit\", \"Audit trail\", 0)", JetCreateInstance2(&audit, "audit", "Audit trail", 0));
    configure(&audit, "/var/lib/demo/audit/", "aud");
    check("JetInit3(&orders, NULL, 0)", JetInit3(&orders, NULL, 0));
    check("JetInit3(&audit, NULL, 0)", JetInit3(&audit, NULL, 0));

    uint32_t n = 0;
    JET_INSTANCE_INFO *info = NULL;
    check("JetGetInstanceInfo(&n, &info)", JetGetInstanceInfo(&n, &info));
    for (uint32_t i = 0; i < n; i++) printf("   instance %#lx named %s\n", (unsigned long)info[i].hInstanceId, info[i].szInstanceName);
    check("JetFreeBuffer(info)", JetFreeBuffer((char *)info));

    char base[8];
    check("JetGetSystemParameter(audit, JET_paramBaseName)", JetGetSystemParameter(audit, 0, JET_paramBaseName, NULL, base, sizeof base));
    printf("   audit's base name reads back as \"%s\"\n", base);

    puts("-- serving");
    JET_SESID s1, s2;
    check("JetBeginSession(orders, &s1, NULL, NULL)", JetBeginSession(orders, &s1, NULL, NULL));
    check("JetBeginSession(audit, &s2, NULL, NULL)", JetBeginSession(audit, &s2, NULL, NULL));
    check("JetBeginTransaction(s1)", JetBeginTransaction(s1));
    check("JetCommitTransaction(s1, 0)", JetCommitTransaction(s1, 0));

    puts("-- shutdown: stop, end sessions, terminate");
    check("JetStopServiceInstance(orders)", JetStopServiceInstance(orders));
    check("JetStopServiceInstance(audit)", JetStopServiceInstance(audit));
    check("JetEndSession(s1, 0)", JetEndSession(s1, 0));
    check("JetEndSession(s2, 0)", JetEndSession(s2, 0));
    check("JetTerm(orders)", JetTerm(orders));
    check("JetTerm(audit)", JetTerm(audit));
    puts("-- done");
    return 0;
}
