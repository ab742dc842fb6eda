print("htx-bench")
