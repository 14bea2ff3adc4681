"""SaferSchools: software for a police force's Schools Officers programme."""
