#include "audit/store.h"

namespace decree::audit {
namespace {

class Borrowed final : public Store {
 public:
  explicit Borrowed(Store& store) : store_(store) {}
  bool append(std::vector<Record>& records, std::string& error) override {
    return store_.append(records, error);
  }
  bool query(const Query& q, std::vector<Record>& out, std::string& error) override {
    return store_.query(q, out, error);
  }
  bool scan(const std::function<bool(const Record&)>& each, std::string& error) override {
    return store_.scan(each, error);
  }

 private:
  Store& store_;
};

}  // namespace

std::unique_ptr<Store> borrow(Store& store) { return std::make_unique<Borrowed>(store); }

}  // namespace decree::audit
