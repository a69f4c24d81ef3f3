// S-LIF-05 (S-ABI-10): a C++ program that ends its session and terminates its instance
// from the destructor of a global object, which runs during exit() after the thread-local
// storage of the main thread is gone. With ESENT_TRACE set it must still exit 0. Run by
// trace_term_from_cxx_global_destructor in c-tests/test_trace.c.
#include <esent.h>

#include <cstdlib>

namespace {

struct Database {
    JET_INSTANCE instance;
    JET_SESID session;
    Database() : instance(0), session(0) {}
    ~Database() {
        if (session != 0 && JetEndSession(session, 0) != JET_errSuccess) std::_Exit(3);
        if (instance != 0 && JetTerm(instance) != JET_errSuccess) std::_Exit(4);
    }
};

Database db;

}  // namespace

int main() {
    if (JetCreateInstance(&db.instance, "cxx") != JET_errSuccess) return 2;
    if (JetInit(&db.instance) != JET_errSuccess) return 2;
    if (JetBeginSession(db.instance, &db.session, NULL, NULL) != JET_errSuccess) return 2;
    uint32_t version = 0;
    if (JetGetVersion(db.session, &version) != JET_errSuccess) return 2;
    return 0;
}
