"""Operations (O codes): vendors, assets, evidence, activities and exceptions on their cadence."""
